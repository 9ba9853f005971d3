import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { KeyPerUsePolicy, KeyUse } from '../../../src/key-per-use-policy';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'KmsKeyDeletionGuard';
const ROOT = { AWS: 'arn:aws:iam::111111111111:root' };
const ADMIN = { AWS: 'arn:aws:iam::111111111111:role/key-admin' };

function policy(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

/** The root allowed kms:*, and a Deny of ScheduleKeyDeletion to everyone under the given condition. */
function guardedBy(condition: object, deny: object = { Principal: '*' }): object {
  return policy(
    { Effect: 'Allow', Principal: ROOT, Action: 'kms:*', Resource: '*' },
    { Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*', Condition: condition, ...deny },
  );
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

  test('Noncompliance 4: Deny guards whose condition leaves out principals no one named', () => {
    // IAM: ARN operators match each part of the ARN with * and ? wildcards, and "If your policy has multiple
    // condition operators or multiple keys ..., the conditions are evaluated using a logical AND": the Deny
    // misses everyone for whom any one of them is false.
    const stack = newStack();
    const cases: Record<string, object> = {
      EveryRole: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } },
      RolesUnderAPath: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/admin', 'arn:aws:iam::111111111111:role/ops/*'] } },
      WildcardInEquals: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/admin-?' } },
      PolicyVariable: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/${aws:username}' } },
      PlusSourceIp: { ArnNotEquals: { 'aws:PrincipalArn': ADMIN.AWS }, NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      PlusTag: { ArnNotEquals: { 'aws:PrincipalArn': ADMIN.AWS, 'aws:PrincipalTag/team': 'platform' } },
      OwnAccount: { StringNotEquals: { 'aws:PrincipalAccount': '111111111111' } },
      Tagged: { StringNotEquals: { 'aws:PrincipalTag/role': 'key-admin' } },
      SetOperator: { 'ForAnyValue:ArnNotEquals': { 'aws:PrincipalArn': ADMIN.AWS } },
      EqualsNotNotEquals: { ArnEquals: { 'aws:PrincipalArn': ADMIN.AWS } },
      NotAnArn: { StringNotEquals: { 'aws:PrincipalArn': 'key-admin' } },
      AnyUserId: { StringNotLike: { 'aws:userid': '*' } },
    };
    for (const [id, condition] of Object.entries(cases)) {
      new kms.CfnKey(stack, id, { keyPolicy: guardedBy(condition) });
    }
    new kms.CfnKey(stack, 'NotPrincipalEveryone', { keyPolicy: guardedBy({}, { NotPrincipal: { AWS: '*' } }) });
    expect(flaggedPaths(stack, RULE)).toEqual([...Object.keys(cases), 'NotPrincipalEveryone'].map((id) => `Stack/${id}`).sort());
  });

  test('Noncompliance 5: an exempted ARN from a template parameter could not be validated', () => {
    const stack = newStack();
    new kms.CfnKey(stack, 'Param', { keyPolicy: guardedBy({ ArnNotEquals: { 'aws:PrincipalArn': parameter(stack, 'Admin').valueAsString } }) });
    expect(descriptionsOf(stack, RULE)).toEqual([expect.stringMatching(/KeyPolicy, statement 1 could not be validated: the ArnNotEquals aws:PrincipalArn value comes from the template parameter/)]);
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
    const adminRole = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    new kms.CfnKey(stack, 'NamedRoles', {
      keyPolicy: guardedBy({ ArnNotEqualsIfExists: { 'aws:PrincipalArn': [adminRole.roleArn, 'arn:aws:iam::111111111111:root'] } }),
    });
    new kms.CfnKey(stack, 'ExactLike', { keyPolicy: guardedBy({ ArnNotLike: { 'aws:PrincipalArn': ADMIN.AWS } }) });
    new kms.CfnKey(stack, 'RoleUserId', { keyPolicy: guardedBy({ StringNotLike: { 'aws:userid': ['AROAEXAMPLEID1234567:*', 'AIDAEXAMPLEID1234567'] } }) });
    new kms.CfnKey(stack, 'NotPrincipal', { keyPolicy: guardedBy({}, { NotPrincipal: ADMIN }) });
    new kms.CfnKey(stack, 'Unconditional', { keyPolicy: guardedBy({}) });
    new KeyPerUsePolicy(stack, 'Keys', { uses: [KeyUse.DATA, KeyUse.AUDIT] });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
