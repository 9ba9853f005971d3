import { CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { asArray, flattenValue, isIntrinsic, referencedLogicalIds } from './cfn-values';
import { referencedElement } from './references';
import { UnvalidatableValueError } from './unvalidatable';
import { isKmsKeyArnParameter } from '../../private/markers';

/** One statement of a policy document, every value a string (references written `<LogicalId.Attribute>`). */
export interface PolicyStatementView {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  /** `*` for everyone, AWS principals as written (`arn:<AWS::Partition>:iam::<AWS::AccountId>:root`), others as `Service:<name>`. */
  readonly principals: string[];
  /** The `NotPrincipal` entries, written as `principals` are. */
  readonly notPrincipals: string[];
  /** The statement's `Condition` block as resolved, read by the rules that need it. */
  readonly condition: unknown;
}

/**
 * The statements of a resolved policy document of `node`. Throws an `UnvalidatableValueError`
 * when a statement, effect or action is an intrinsic, or a resource or principal can't be
 * written down or comes from a template parameter: any of those could hide a wildcard.
 */
export function policyStatements(node: CfnResource, document: unknown, what: string): PolicyStatementView[] {
  if (document === undefined) {
    return [];
  }
  const parsed = typeof document === 'string' ? parseJson(node, document, what) : document;
  if (typeof parsed !== 'object' || parsed === null || isIntrinsic(parsed)) {
    throw new UnvalidatableValueError(node, what, 'the policy document is not known at synth time');
  }
  return asArray((parsed as Record<string, unknown>).Statement).map((statement, index) =>
    statementView(node, statement, `${what}, statement ${index}`));
}

/** Whether an action is `*` or a whole service (`s3:*`). */
export function isFullWildcardAction(action: string): boolean {
  return /^(\*|[^:*?]+:\*)$/.test(action);
}

/** Whether an IAM action pattern (`*`, `s3:Get*`, `kms:Schedule?eyDeletion`) covers an action, as IAM compares them. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = pattern.split('').map((char) => {
    if (char === '*') return '.*';
    if (char === '?') return '.';
    return char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

/** Whether a statement names an action, through `Action` or by leaving it out of `NotAction`. */
export function statementCoversAction(statement: PolicyStatementView, action: string): boolean {
  return statement.actions.some((pattern) => actionMatches(pattern, action)) ||
    (statement.notActions.length > 0 && !statement.notActions.some((pattern) => actionMatches(pattern, action)));
}

function parseJson(node: CfnResource, text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UnvalidatableValueError(node, what, 'the policy document is a string that is not JSON');
  }
}

function statementView(node: CfnResource, statement: unknown, what: string): PolicyStatementView {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement) || isIntrinsic(statement)) {
    throw new UnvalidatableValueError(node, what, `the statement ${JSON.stringify(statement)} is not known at synth time`);
  }
  const raw = statement as Record<string, unknown>;
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') {
    throw new UnvalidatableValueError(node, what, `the effect ${JSON.stringify(raw.Effect)} is not Allow or Deny`);
  }
  return {
    effect: raw.Effect,
    actions: actionList(node, raw.Action, what),
    notActions: actionList(node, raw.NotAction, what),
    resources: resourceList(node, raw.Resource, what),
    notResources: resourceList(node, raw.NotResource, what),
    principals: principalList(node, raw.Principal, what),
    notPrincipals: principalList(node, raw.NotPrincipal, what),
    condition: raw.Condition,
  };
}

function actionList(node: CfnResource, value: unknown, what: string): string[] {
  return asArray(value).map((action) => {
    if (typeof action !== 'string') {
      throw new UnvalidatableValueError(node, what, `the action ${JSON.stringify(action)} is not known at synth time`);
    }
    return action;
  });
}

function resourceList(node: CfnResource, value: unknown, what: string): string[] {
  return asArray(value).map((resource) => writtenDown(node, resource, what, 'resource'));
}

function principalList(node: CfnResource, value: unknown, what: string): string[] {
  if (value === undefined) {
    return [];
  }
  if (value === '*') {
    return ['*'];
  }
  if (typeof value !== 'object' || value === null || isIntrinsic(value)) {
    throw new UnvalidatableValueError(node, what, `the principal ${JSON.stringify(value)} is not known at synth time`);
  }
  return Object.entries(value).flatMap(([kind, principals]) => asArray(principals).map((principal) => {
    const written = writtenDown(node, principal, what, 'principal');
    return kind === 'AWS' ? written : `${kind}:${written}`;
  }));
}

/**
 * A resolved policy value as one string (references written `<LogicalId.Attribute>`); throws an
 * `UnvalidatableValueError` when it can't be written down or comes from a template parameter.
 */
export function writtenDown(node: CfnResource, value: unknown, what: string, role: string): string {
  const written = flattenValue(value);
  if (written === undefined) {
    throw new UnvalidatableValueError(node, what, `the ${role} ${JSON.stringify(value)} is not known at synth time`);
  }
  const stack = Stack.of(node);
  for (const logicalId of referencedLogicalIds(value)) {
    const target = referencedElement(stack, { Ref: logicalId });
    if (target instanceof CfnParameter && !isKmsKeyArnParameter(target)) {
      throw new UnvalidatableValueError(node, what, `the ${role} comes from the template parameter ${target.node.path}`);
    }
  }
  return written;
}
