import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { attachedAllowStatements } from '../private/allow-statements';
import { isFullWildcardAction } from '../private/policy-statements';

/**
 * Allow statements avoid partial wildcards: action prefixes (`s3:Get*`) grant whatever actions
 * the service adds later, and resource patterns (`arn:aws:s3:::bucket/*`) reach more than the
 * statement may mean to. Advisory: some patterns (objects under a prefix) are the only way to
 * say what is meant, and can be acknowledged one by one (`[Resource::arn:aws:s3:::bucket/*]`).
 * Full wildcards are left to `IamPolicyNoFullWildcards`.
 */
export function IamPolicyNoPartialWildcards(node: CfnResource): NagRuleResult {
  const statements = attachedAllowStatements(node);
  if (statements === undefined) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const findings = new Set<string>();
  for (const { statement, isKeyPolicy } of statements) {
    statement.actions
      .filter((action) => /[*?]/.test(action) && !isFullWildcardAction(action))
      .forEach((action) => findings.add(`Action::${action}`));
    if (!isKeyPolicy) {
      statement.resources
        .filter((resource) => resource !== '*' && /[*?]/.test(resource))
        .forEach((resource) => findings.add(`Resource::${resource}`));
    }
  }
  return findings.size > 0 ? [...findings] : NagRuleCompliance.COMPLIANT;
}
