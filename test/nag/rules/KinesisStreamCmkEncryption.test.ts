import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { findingsOf, flaggedPaths, newStack } from '../rule-findings';

const RULE = 'KinesisStreamCmkEncryption';

describe(RULE, () => {
  test('Noncompliance 1: L1 streams without encryption or with the AWS managed key', () => {
    const stack = newStack();
    new kinesis.CfnStream(stack, 'Plain', { shardCount: 1 });
    new kinesis.CfnStream(stack, 'AwsManaged', { shardCount: 1, streamEncryption: { encryptionType: 'KMS', keyId: 'alias/aws/kinesis' } });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/AwsManaged', 'Stack/Plain']);
  });

  test('Noncompliance 2: L2 streams with the default (Fn::If on the region) or MANAGED encryption', () => {
    const stack = newStack();
    new kinesis.Stream(stack, 'Default');
    new kinesis.Stream(stack, 'Managed', { encryption: kinesis.StreamEncryption.MANAGED });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Default/Resource', 'Stack/Managed/Resource']);
  });

  test('Compliance: a key of the app, and the same key under an Fn::If', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    new kinesis.Stream(stack, 'L2', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
    new kinesis.CfnStream(stack, 'Conditional', {
      shardCount: 1,
      streamEncryption: { encryptionType: 'KMS', keyId: { 'Fn::If': ['Cond', key.keyArn, key.keyId] } as any },
    });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
