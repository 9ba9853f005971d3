import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { findingsOf, flaggedPaths, newStack } from '../rule-findings';

const RULE = 'S3BucketCmkEncryption';

describe(RULE, () => {
  test('Noncompliance 1: L1 buckets with no encryption rule, SSE-S3, or aws:kms without a key', () => {
    const stack = newStack();
    new s3.CfnBucket(stack, 'Plain', {});
    new s3.CfnBucket(stack, 'SseS3', { bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] } });
    new s3.CfnBucket(stack, 'AwsManaged', { bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] } });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/AwsManaged', 'Stack/Plain', 'Stack/SseS3']);
  });

  test('Noncompliance 2: L2 buckets with the default or KMS_MANAGED encryption', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Default');
    new s3.Bucket(stack, 'KmsManaged', { encryption: s3.BucketEncryption.KMS_MANAGED });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Default/Resource', 'Stack/KmsManaged/Resource']);
  });

  test('Compliance: a key of the app, DSSE, and server access log buckets (which S3 requires on SSE-S3)', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const accessLogs = new s3.Bucket(stack, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED });
    new s3.Bucket(stack, 'L2', { encryptionKey: key, encryption: s3.BucketEncryption.KMS, serverAccessLogsBucket: accessLogs });
    new s3.Bucket(stack, 'Dsse', { encryptionKey: key, encryption: s3.BucketEncryption.DSSE });
    new s3.CfnBucket(stack, 'NamedLogs', { bucketName: 'named-logs' });
    new s3.CfnBucket(stack, 'LogsByName', {
      loggingConfiguration: { destinationBucketName: 'named-logs' },
      bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.keyArn } }] },
    });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
