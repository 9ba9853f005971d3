import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SecureServerlessChecks } from '../../src/nag';

/** A stack in a new app, with a fixed account and region. */
export function newStack(id = 'Stack', app = new App()): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region: 'us-east-1' } });
}

/**
 * The unacknowledged findings of one SecureServerless rule on a construct tree, as sorted
 * `id @ path` lines, where `id` is the rule id or a finding id (`...[Action::s3:*]`).
 */
export function findingsOf(scope: IConstruct, rule: string): string[] {
  return violationsOf(scope, rule)
    .flatMap((violation) => violation.violatingResources.map((resource) => `${violation.ruleName} @ ${resource.constructPath}`))
    .sort();
}

/** The paths of the resources the rule reports, sorted. */
export function flaggedPaths(scope: IConstruct, rule: string): string[] {
  return [...new Set(findingsOf(scope, rule).map((line) => line.split(' @ ')[1]))].sort();
}

/** The descriptions of the rule's findings (with `verbose`, so a rule that threw says why). */
export function descriptionsOf(scope: IConstruct, rule: string): string[] {
  return violationsOf(scope, rule).map((violation) => violation.description);
}

/** The severity of the rule's findings (`error` or `warning`). */
export function severityOf(scope: IConstruct, rule: string): string[] {
  return [...new Set(violationsOf(scope, rule).map((violation) => violation.severity ?? 'error'))];
}

/** A template parameter, the usual value a rule can't read at synth time. */
export function parameter(stack: Stack, id: string, type = 'String'): CfnParameter {
  return new CfnParameter(stack, id, { type });
}

function violationsOf(scope: IConstruct, rule: string) {
  const id = `SecureServerless-${rule}`;
  return new SecureServerlessChecks(undefined, { verbose: true }).validateScope(scope).violations
    .filter((violation) => violation.ruleName === id || violation.ruleName.startsWith(`${id}[`));
}
