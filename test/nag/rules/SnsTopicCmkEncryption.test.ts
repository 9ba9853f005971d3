import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { findingsOf, flaggedPaths, newStack } from '../rule-findings';

const RULE = 'SnsTopicCmkEncryption';

describe(RULE, () => {
  test('Noncompliance 1: L1 topics without a key or with the AWS managed key (alias or alias ARN)', () => {
    const stack = newStack();
    new sns.CfnTopic(stack, 'Plain', {});
    new sns.CfnTopic(stack, 'AwsManaged', { kmsMasterKeyId: 'alias/aws/sns' });
    new sns.CfnTopic(stack, 'AwsManagedArn', { kmsMasterKeyId: 'arn:aws:kms:us-east-1:111111111111:alias/aws/sns' });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/AwsManaged', 'Stack/AwsManagedArn', 'Stack/Plain']);
  });

  test('Noncompliance 2: L2 topics with the default or the AWS managed key', () => {
    const stack = newStack();
    new sns.Topic(stack, 'Default');
    new sns.Topic(stack, 'AwsManaged', { masterKey: kms.Alias.fromAliasName(stack, 'SnsAlias', 'alias/aws/sns') });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/AwsManaged/Resource', 'Stack/Default/Resource']);
  });

  test('Compliance: a key of the app, or an alias of the app', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    new sns.Topic(stack, 'L2', { masterKey: key });
    new sns.Topic(stack, 'ByAlias', { masterKey: key.addAlias('alias/topics') });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
