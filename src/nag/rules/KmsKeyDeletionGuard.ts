import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties } from '../private/cfn-values';
import { PolicyStatementView, policyStatements, statementCoversAction } from '../private/policy-statements';

const SCHEDULE_KEY_DELETION = 'kms:ScheduleKeyDeletion';

/**
 * KMS key policies that let the whole account (the account root, which delegates to IAM, or
 * `*`) schedule the key's deletion also carry a Deny of `kms:ScheduleKeyDeletion` for everyone
 * (usually with a condition that exempts the named key administrators). Without it any IAM
 * principal given `kms:*` can destroy the key and, 7 days later, every piece of data under it.
 * A key without a `KeyPolicy` gets KMS's default policy, which allows the root `kms:*`.
 */
export function KmsKeyDeletionGuard(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::KMS::Key' && node.cfnResourceType !== 'AWS::KMS::ReplicaKey') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const keyPolicy = cfnProperties(node).KeyPolicy;
  if (keyPolicy === undefined) {
    return NagRuleCompliance.NON_COMPLIANT;
  }
  const statements = policyStatements(node, keyPolicy, 'KeyPolicy')
    .filter((statement) => statementCoversAction(statement, SCHEDULE_KEY_DELETION));
  const allowedToAccount = statements.some((statement) => statement.effect === 'Allow' && reachesWholeAccount(statement));
  const guarded = statements.some((statement) => statement.effect === 'Deny' && reachesWholeAccount(statement));
  return allowedToAccount && !guarded ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

/** Whether a statement applies to every principal of the account: `*`, the account root, or all but some (`NotPrincipal`). */
function reachesWholeAccount(statement: PolicyStatementView): boolean {
  return statement.hasNotPrincipal || statement.principals.some((principal) =>
    principal === '*' || /:root$/.test(principal) || /^(\d{12}|<AWS::AccountId>)$/.test(principal));
}
