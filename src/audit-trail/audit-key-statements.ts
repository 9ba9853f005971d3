import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What a customer-managed key needs in its policy to encrypt a trail's log files and its log
 * group: CloudTrail generates data keys (through S3) for this trail only and describes the key;
 * CloudWatch Logs uses the key for this account's log groups only. The exact actions, no
 * wildcards. See https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * and https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html.
 */
export function auditKeyStatements(stack: Stack, trailArn: string): iam.PolicyStatement[] {
  const { partition, region, account } = stack;
  const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  return [
    new iam.PolicyStatement({
      principals: [cloudTrail],
      actions: ['kms:GenerateDataKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceArn': trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*` },
      },
    }),
    new iam.PolicyStatement({
      principals: [cloudTrail],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
    }),
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` },
      },
    }),
  ];
}
