import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What CloudWatch Logs may do with a key that encrypts log groups. The CloudWatch Logs User Guide,
 * "Encrypt log data in CloudWatch Logs using AWS Key Management Service", step 2, grants
 * `logs.<region>.amazonaws.com` "kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*",
 * "kms:GenerateDataKey*" and "kms:Describe*" (the CloudWatch Logs team keeps those wildcards on
 * purpose). Spelled out, no wildcard: both data-key actions the page grants (GenerateDataKey and
 * GenerateDataKeyWithoutPlaintext), not GenerateDataKeyPair*, which makes asymmetric key pairs the
 * symmetric encryption of log data has no use for.
 */
const CLOUDWATCH_LOGS_KEY_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:DescribeKey',
];

/** Which CloudTrail trails may use an AUDIT key. */
export interface AuditKeyTrails {
  /**
   * The one trail that may use the key. Without it, any trail of the stack's account may: the key
   * is the account's AUDIT key, and the trails that will use it aren't known where it is made.
   */
  readonly trailArn?: string;
}

/**
 * The key-policy statements an AUDIT key needs to encrypt trails' log files and log groups: the one
 * home of the actions and conditions, for `KeyPerUsePolicy`'s AUDIT key (any trail of the account)
 * and for a key given to one `AuditTrail` (that trail).
 *
 * CloudTrail, per the CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail": it
 * generates data keys with the trail's ARN in the encryption context, and describes the key. (The
 * page grants "kms:GenerateDataKey*"; both former copies of these statements granted GenerateDataKey
 * alone, and that is kept.) "As a security best practice,
 * add an aws:SourceArn condition key ... The value of aws:SourceArn is always the trail ARN"; "The
 * aws:SourceAccount condition key is also supported, but not recommended": it is what an
 * account-wide key can say before its trails exist.
 *
 * CloudWatch Logs: for any log group of the account (ArnLike on `kms:EncryptionContext:aws:logs:arn`,
 * as in the page's second example), in both cases. Naming one log group would put its ARN in the
 * policy of the key the log group is encrypted with, a dependency cycle in CloudFormation.
 *
 * The account-wide statements carry Sids (they are the policy of a key this library makes); those
 * added to a given key don't, as several trails may add theirs to one key.
 */
export function auditKeyStatements(stack: Stack, trails: AuditKeyTrails): iam.PolicyStatement[] {
  const { partition, region, account } = stack;
  const { trailArn } = trails;
  const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  const thisAccountsTrailContext = `arn:${partition}:cloudtrail:*:${account}:trail/*`;
  return [
    new iam.PolicyStatement({
      sid: trailArn ? undefined : 'AllowCloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: CLOUDWATCH_LOGS_KEY_ACTIONS,
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
      },
    }),
    new iam.PolicyStatement({
      sid: trailArn ? undefined : 'AllowCloudTrailOfThisAccountToEncrypt',
      principals: [cloudTrail],
      actions: ['kms:GenerateDataKey'],
      resources: ['*'],
      conditions: {
        StringEquals: trailArn ? { 'aws:SourceArn': trailArn } : { 'aws:SourceAccount': account },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': thisAccountsTrailContext },
      },
    }),
    new iam.PolicyStatement({
      sid: trailArn ? undefined : 'AllowCloudTrailOfThisAccountToDescribe',
      principals: [cloudTrail],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: trailArn
        ? { StringEquals: { 'aws:SourceArn': trailArn } }
        : {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudtrail:${region}:${account}:trail/*` },
        },
    }),
  ];
}
