import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'SqsQueueCmkEncryption';

describe(RULE, () => {
  test('Noncompliance 1: L1 queues with no key, SQS-managed SSE or the AWS managed key', () => {
    const stack = newStack();
    new sqs.CfnQueue(stack, 'Plain', {});
    new sqs.CfnQueue(stack, 'SqsManaged', { sqsManagedSseEnabled: true });
    new sqs.CfnQueue(stack, 'AwsManaged', { kmsMasterKeyId: 'alias/aws/sqs' });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/AwsManaged', 'Stack/Plain', 'Stack/SqsManaged']);
  });

  test('Noncompliance 2: L2 queues with the default or KMS_MANAGED encryption', () => {
    const stack = newStack();
    new sqs.Queue(stack, 'Default');
    new sqs.Queue(stack, 'KmsManaged', { encryption: sqs.QueueEncryption.KMS_MANAGED });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Default/Resource', 'Stack/KmsManaged/Resource']);
  });

  test('Noncompliance 3: a key that is not a key could not be validated', () => {
    const stack = newStack();
    new sqs.CfnQueue(stack, 'Odd', { kmsMasterKeyId: 'my-key' });
    new sqs.CfnQueue(stack, 'Param', { kmsMasterKeyId: parameter(stack, 'Key').valueAsString });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Odd', 'Stack/Param']);
    expect(descriptionsOf(stack, RULE)[0]).toMatch(/KmsMasterKeyId could not be validated: 'my-key' is not a KMS key id, key ARN or alias/);
  });

  test('Compliance: a key of the app, an imported key ARN, a key id', () => {
    const stack = newStack();
    new sqs.Queue(stack, 'L2', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: new kms.Key(stack, 'Key') });
    new sqs.Queue(stack, 'Imported', {
      encryptionMasterKey: kms.Key.fromKeyArn(stack, 'ImportedKey', 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555'),
    });
    new sqs.CfnQueue(stack, 'KeyId', { kmsMasterKeyId: '11111111-2222-3333-4444-555555555555' });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
