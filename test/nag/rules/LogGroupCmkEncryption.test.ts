import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { findingsOf, flaggedPaths, newStack } from '../rule-findings';

const RULE = 'LogGroupCmkEncryption';

describe(RULE, () => {
  test('Noncompliance 1: an L1 log group without a key', () => {
    const stack = newStack();
    new logs.CfnLogGroup(stack, 'Plain', { retentionInDays: 30 });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Plain']);
  });

  test('Noncompliance 2: an L2 log group with the defaults', () => {
    const stack = newStack();
    new logs.LogGroup(stack, 'Default');
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Default/Resource']);
  });

  test('Compliance: a key of the app or a key ARN', () => {
    const stack = newStack();
    new logs.LogGroup(stack, 'L2', { encryptionKey: new kms.Key(stack, 'Key') });
    new logs.CfnLogGroup(stack, 'KeyArn', { kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555' });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
