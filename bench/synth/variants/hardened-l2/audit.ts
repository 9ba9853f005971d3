/** Hand-hardened (c): a CloudTrail trail on the AUDIT key with a hardened bucket, CloudWatch Logs delivery and data events. */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HardenedKeys } from './keys';

export function hardenedTrail(stack: Stack, keys: HardenedKeys, tableArns: string[], functionArns: string[]): cloudtrail.Trail {
  const bucketDefaults = {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
  };
  // Server access log delivery by ACL (the default without the bucket-policy feature flag) needs ObjectWriter.
  const accessLogs = new s3.Bucket(stack, 'AuditAccessLogs', {
    ...bucketDefaults,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
  });
  const bucket = new s3.Bucket(stack, 'AuditBucket', {
    ...bucketDefaults,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: keys.audit,
    serverAccessLogsBucket: accessLogs,
  });
  const trail = new cloudtrail.Trail(stack, 'Audit', {
    bucket,
    encryptionKey: keys.audit,
    enableFileValidation: true,
    sendToCloudWatchLogs: true,
    cloudWatchLogGroup: new logs.LogGroup(stack, 'AuditLogs', { encryptionKey: keys.audit, retention: logs.RetentionDays.ONE_YEAR }),
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
  });
  const selector = (type: string, arns: string[]): cloudtrail.CfnTrail.AdvancedEventSelectorProperty => ({
    name: `${type} data events`,
    fieldSelectors: [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: [type] },
      { field: 'resources.ARN', equalTo: arns },
    ],
  });
  (trail.node.defaultChild as cloudtrail.CfnTrail).advancedEventSelectors = [
    { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    selector('AWS::DynamoDB::Table', tableArns),
    selector('AWS::Lambda::Function', functionArns),
  ];
  return trail;
}
