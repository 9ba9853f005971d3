import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { KeyPerUsePolicy, KeyUse } from '../../../src/key-per-use-policy';
import { descriptionsOf, findingsOf, flaggedPaths, newStack } from '../rule-findings';

const RULE = 'KmsKeyDeletionGuard';
const ROOT = { AWS: 'arn:aws:iam::111111111111:root' };
const ADMIN = { AWS: 'arn:aws:iam::111111111111:role/key-admin' };

function policy(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

describe(RULE, () => {
  test('Noncompliance 1: L1 keys with the default policy, kms:* to the root, or ScheduleKeyDeletion to *', () => {
    const stack = newStack();
    new kms.CfnKey(stack, 'NoPolicy', {});
    new kms.CfnKey(stack, 'RootAll', { keyPolicy: policy({ Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: '*' }) });
    new kms.CfnKey(stack, 'AccountId', { keyPolicy: policy({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'kms:Schedule*', Resource: '*' }) });
    new kms.CfnKey(stack, 'Anyone', {
      keyPolicy: policy({ Effect: 'Allow', Principal: '*', Action: ['kms:ScheduleKeyDeletion'], Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '111111111111' } } }),
    });
    new kms.CfnKey(stack, 'DenyOnlyOne', {
      keyPolicy: policy(
        { Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: '*' },
        { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111111111111:role/intern' }, Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
      ),
    });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/AccountId', 'Stack/Anyone', 'Stack/DenyOnlyOne', 'Stack/NoPolicy', 'Stack/RootAll']);
  });

  test('Noncompliance 2: an L2 key with the default policy', () => {
    const stack = newStack();
    new kms.Key(stack, 'Default', { enableKeyRotation: true });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Default/Resource']);
  });

  test('Noncompliance 3: a policy statement under Fn::If could not be validated', () => {
    const stack = newStack();
    new kms.CfnKey(stack, 'Conditional', { keyPolicy: { Statement: [{ 'Fn::If': ['Cond', { Effect: 'Allow' }, { Effect: 'Deny' }] }] } });
    expect(descriptionsOf(stack, RULE)).toEqual([expect.stringMatching(/KeyPolicy, statement 0 could not be validated/)]);
  });

  test('Compliance: a Deny guard for everyone but the admins, deletion allowed to named admins only, KeyPerUsePolicy keys', () => {
    const stack = newStack();
    new kms.CfnKey(stack, 'Guarded', {
      keyPolicy: policy(
        { Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: '*' },
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
          Resource: '*',
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': ADMIN.AWS } },
        },
      ),
    });
    new kms.CfnKey(stack, 'AdminsOnly', {
      keyPolicy: policy(
        { Effect: 'Allow', Principal: ROOT, Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey'], Resource: '*' },
        { Effect: 'Allow', Principal: ADMIN, Action: 'kms:*', Resource: '*' },
      ),
    });
    const l2 = new kms.Key(stack, 'L2', { enableKeyRotation: true });
    l2.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['kms:ScheduleKeyDeletion'], resources: ['*'],
    }));
    new KeyPerUsePolicy(stack, 'Keys', { uses: [KeyUse.DATA, KeyUse.AUDIT] });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
