import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { attachedAllowStatements } from '../private/allow-statements';
import { isFullWildcardAction } from '../private/policy-statements';

/**
 * Allow statements of identity and resource policies name their actions and resources: no
 * `Action: *`, no whole-service `service:*`, no `Resource: *`, and no `NotAction` or
 * `NotResource` (which allow everything not listed). In KMS key policies `Resource: *` means
 * "this key" and is required, so only the actions are checked there.
 *
 * One finding per wildcard, e.g. `[Action::s3:*]`, `[Resource::*]`, so each can be acknowledged
 * on its own.
 */
export function IamPolicyNoFullWildcards(node: CfnResource): NagRuleResult {
  const statements = attachedAllowStatements(node);
  if (statements === undefined) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const findings = new Set<string>();
  for (const { statement, isKeyPolicy } of statements) {
    statement.actions.filter((action) => isFullWildcardAction(action)).forEach((action) => findings.add(`Action::${action}`));
    statement.notActions.forEach((action) => findings.add(`NotAction::${action}`));
    if (!isKeyPolicy) {
      statement.resources.filter((resource) => resource === '*').forEach(() => findings.add('Resource::*'));
      statement.notResources.forEach((resource) => findings.add(`NotResource::${resource}`));
    }
  }
  return findings.size > 0 ? [...findings] : NagRuleCompliance.COMPLIANT;
}
