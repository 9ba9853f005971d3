import { App } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { cfnProperties } from '../../../src/nag/private/cfn-values';
import { KeyOwnership, keyOwnership } from '../../../src/nag/private/kms-keys';
import { newStack } from '../rule-findings';

describe('key ownership', () => {
  const queue = new sqs.CfnQueue(newStack(), 'Queue');

  test('literal names', () => {
    expect(keyOwnership(queue, undefined, 'k')).toBe(KeyOwnership.NONE);
    expect(keyOwnership(queue, 'alias/aws/sqs', 'k')).toBe(KeyOwnership.AWS_MANAGED);
    expect(keyOwnership(queue, 'arn:aws-us-gov:kms:us-gov-west-1:111111111111:alias/aws/sqs', 'k')).toBe(KeyOwnership.AWS_MANAGED);
    expect(keyOwnership(queue, 'mrk-1234567890abcdef1234567890abcdef', 'k')).toBe(KeyOwnership.CUSTOMER_MANAGED);
    expect(keyOwnership(queue, 'alias/my-app/data', 'k')).toBe(KeyOwnership.CUSTOMER_MANAGED);
  });

  test('under Fn::If the weakest branch counts', () => {
    const key = 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555';
    expect(keyOwnership(queue, { 'Fn::If': ['C', key, 'alias/aws/sqs'] }, 'k')).toBe(KeyOwnership.AWS_MANAGED);
    expect(keyOwnership(queue, { 'Fn::If': ['C', key, { Ref: 'AWS::NoValue' }] }, 'k')).toBe(KeyOwnership.NONE);
    expect(keyOwnership(queue, { 'Fn::If': ['C', key, 'alias/data'] }, 'k')).toBe(KeyOwnership.CUSTOMER_MANAGED);
  });

  test('a key of another stack, through its export once the app is synthesized', () => {
    const app = new App();
    const key = new kms.Key(newStack('Keys', app), 'Key');
    const consumer = new sqs.Queue(newStack('Queues', app), 'Queue', { encryptionMasterKey: key });
    app.synth();
    const node = consumer.node.defaultChild as sqs.CfnQueue;
    expect(cfnProperties(node).KmsMasterKeyId).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^Keys:ExportsOutput/) });
    expect(keyOwnership(node, cfnProperties(node).KmsMasterKeyId, 'KmsMasterKeyId')).toBe(KeyOwnership.CUSTOMER_MANAGED);
  });
});
