import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties } from '../private/cfn-values';
import { exemptsOnlyNamedPrincipals } from '../private/named-principal-exemption';
import { PolicyStatementView, policyStatements, statementCoversAction } from '../private/policy-statements';

const SCHEDULE_KEY_DELETION = 'kms:ScheduleKeyDeletion';

/**
 * KMS key policies that let the whole account (the account root, which delegates to IAM, or
 * `*`) schedule the key's deletion also carry a Deny of `kms:ScheduleKeyDeletion` for everyone
 * that leaves out only named principals (the key administrators). Without it any IAM principal
 * given `kms:*` can destroy the key and, 7 days later, every piece of data under it.
 *
 * "Default key policy" (KMS Developer Guide): a key created without a key policy gets one whose
 * "policy statement ... gives the AWS account that owns the KMS key permission to use IAM
 * policies to allow access to all AWS KMS operations on the KMS key". "Delete an AWS KMS key": "Deleting an AWS KMS key is
 * destructive and potentially dangerous. It deletes the key material and all metadata
 * associated with the KMS key and is irreversible." A Deny counts as the guard only when its
 * condition exempts named principals (see `exemptsOnlyNamedPrincipals`): a Deny whose
 * condition exempts `arn:aws:iam::*:role/*` exempts every role and guards nothing.
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
    .map((statement, index) => ({ statement, what: `KeyPolicy, statement ${index}` }))
    .filter(({ statement }) => statementCoversAction(statement, SCHEDULE_KEY_DELETION));
  const allowedToAccount = statements.some(({ statement }) => statement.effect === 'Allow' && reachesWholeAccount(statement));
  const guarded = statements.some(({ statement, what }) =>
    statement.effect === 'Deny' && reachesWholeAccount(statement) && exemptsOnlyNamedPrincipals(node, statement, what));
  return allowedToAccount && !guarded ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

/** Whether a statement applies to every principal of the account: `*`, the account root, or all but some (`NotPrincipal`). */
function reachesWholeAccount(statement: PolicyStatementView): boolean {
  return statement.notPrincipals.length > 0 || statement.principals.some((principal) =>
    principal === '*' || /:root$/.test(principal) || /^(\d{12}|<AWS::AccountId>)$/.test(principal));
}
