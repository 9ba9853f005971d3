import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { attachedAllowStatements } from '../private/allow-statements';
import { fullAccessManagedPolicies } from '../private/aws-managed-policies';
import { lambdaPermissionWildcards } from '../private/lambda-permissions';
import { isFullWildcardAction } from '../private/policy-statements';

/**
 * Allow statements of identity and resource policies name their actions and resources: no
 * `Action: *`, no whole-service `service:*`, no `Resource: *`, and no `NotAction` or
 * `NotResource` (which allow everything not listed). In KMS key policies `Resource: *` means
 * "this key" and is required, so only the actions are checked there.
 *
 * The same wildcards reach a principal by other doors, reported by this rule too: a full-access
 * AWS managed policy in a role's, user's or group's `ManagedPolicyArns` (`AdministratorAccess`
 * is `Action: *` on `Resource: *`; see `fullAccessManagedPolicies`), and an
 * `AWS::Lambda::Permission` for `Principal: *` with no source condition, or for `lambda:*`
 * (see `lambdaPermissionWildcards`).
 *
 * One finding per wildcard, e.g. `[Action::s3:*]`, `[Resource::*]`,
 * `[ManagedPolicy::AdministratorAccess]`, `[Principal::*]`, so each can be acknowledged on its own.
 */
export function IamPolicyNoFullWildcards(node: CfnResource): NagRuleResult {
  const statements = attachedAllowStatements(node);
  const managedPolicies = fullAccessManagedPolicies(node);
  const permissionWildcards = lambdaPermissionWildcards(node);
  if (statements === undefined && managedPolicies === undefined && permissionWildcards === undefined) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const findings = new Set<string>(permissionWildcards);
  for (const { statement, isKeyPolicy } of statements ?? []) {
    statement.actions.filter((action) => isFullWildcardAction(action)).forEach((action) => findings.add(`Action::${action}`));
    statement.notActions.forEach((action) => findings.add(`NotAction::${action}`));
    if (!isKeyPolicy) {
      statement.resources.filter((resource) => resource === '*').forEach(() => findings.add('Resource::*'));
      statement.notResources.forEach((resource) => findings.add(`NotResource::${resource}`));
    }
  }
  managedPolicies?.forEach((name) => findings.add(`ManagedPolicy::${name}`));
  return findings.size > 0 ? [...findings] : NagRuleCompliance.COMPLIANT;
}
