import { App, Annotations as CoreAnnotations, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { KeyPerUsePolicy, KeyUse } from '../../src';
import { ACCOUNT, REGION } from '../support/cfn-resolve';
import { IamModel, viaService } from '../support/iam';
import { testStack } from '../support/stacks';

/*
 * Invariant 5 (key guard): no principal but the key admins and the named deployer can delete,
 * disable, re-policy, re-alias, re-tag or strip grants from a key; AWS services keep what they
 * need to use it. The model is AWS's documentation, evaluated by an IAM policy simulator:
 * - "Retiring and revoking grants" (KMS Developer Guide): RevokeGrant is authorized by key and
 *   IAM policies; a grant's retiring or grantee principal retires it on the grant's authority.
 * - "kms:GrantIsForAWSResource" (KMS condition keys): true when an integrated service calls
 *   CreateGrant, ListGrants or RevokeGrant on the caller's behalf.
 * - "ABAC for AWS KMS": tags can allow use of a key, so tagging widens who may use it.
 * - "aws:PrincipalArn" (IAM global condition keys): for a role, the role's ARN, path included.
 */

/** Everything the guard denies to all but the admins and the deployer. */
const GUARDED = [
  'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation',
  'kms:PutKeyPolicy', 'kms:DeleteAlias', 'kms:UpdateAlias', 'kms:DeleteImportedKeyMaterial',
  'kms:ReplicateKey', 'kms:UpdatePrimaryRegion',
  'kms:RevokeGrant', 'kms:RetireGrant', 'kms:TagResource', 'kms:UntagResource',
];

const ADMIN_ARN = `arn:aws:iam::${ACCOUNT}:role/security/key-admins`;
const DEPLOYER_ARN = `arn:aws:iam::${ACCOUNT}:role/key-deployer`;
const KMS_STAR = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }];
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** A stack deployed by a dedicated CloudFormation execution role, with path-qualified admins. */
function guardedKeys(use = KeyUse.DATA) {
  const stack = new Stack(new App(), 'Test', {
    env: { account: ACCOUNT, region: REGION },
    synthesizer: new DefaultStackSynthesizer({ cloudFormationExecutionRole: DEPLOYER_ARN }),
  });
  const keys = new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleArn(stack, 'Admins', ADMIN_ARN)] });
  keys.keyFor(use);
  const model = new IamModel(Template.fromStack(stack).toJSON());
  const [key] = model.logicalIds('AWS::KMS::Key');
  return { stack, model, key, keyArn: model.arnOf(key) };
}

describe('the guard, evaluated by an IAM policy simulator', () => {
  const { model, key, keyArn } = guardedKeys();
  const decide = (principalArn: string, action: string, context?: Record<string, string>) =>
    model.decide({ principalArn, identityPolicies: KMS_STAR, action, resource: keyArn, key, context });

  test.each(GUARDED)('a non-admin role holding kms:* is denied %s', async (action) => {
    expect(await decide(role('developer'), action)).toEqual('ExplicitlyDenied');
  });

  test.each(GUARDED)('the admin role, matched with its path, is allowed %s', async (action) => {
    expect(await decide(ADMIN_ARN, action)).toEqual('Allowed');
  });

  test.each([role('key-admins'), role('other/key-admins'), role('security/key-admins/x')])(
    'a role of the same name at another path (%s) is denied', async (impostor) => {
      expect(await decide(impostor, 'kms:ScheduleKeyDeletion')).toEqual('ExplicitlyDenied');
      expect(await decide(impostor, 'kms:RevokeGrant')).toEqual('ExplicitlyDenied');
    });

  test.each(['kms:PutKeyPolicy', 'kms:TagResource', 'kms:UntagResource'])(
    'the dedicated deployer keeps %s (key policy and tag updates in CloudFormation)', async (action) => {
      expect(await decide(DEPLOYER_ARN, action)).toEqual('Allowed');
    });

  test('a service revoking a grant on the caller\'s behalf (kms:GrantIsForAWSResource) still can', async () => {
    expect(await decide(role('app'), 'kms:RevokeGrant', { 'kms:GrantIsForAWSResource': 'true' })).toEqual('Allowed');
    expect(await decide(role('app'), 'kms:RevokeGrant', { 'kms:GrantIsForAWSResource': 'false' })).toEqual('ExplicitlyDenied');
  });

  test('DynamoDB still creates its grant on the caller\'s behalf', async () => {
    expect(await decide(role('app'), 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true', ...viaService('dynamodb') }))
      .toEqual('Allowed');
  });

  test.each(['dynamodb.amazonaws.com', 'sqs.amazonaws.com', `logs.${REGION}.amazonaws.com`, 'cloudtrail.amazonaws.com'])(
    'the key policy does not deny %s retiring or revoking the grants it holds', async (service) => {
      const context = { 'aws:PrincipalIsAWSService': 'true' };
      for (const action of ['kms:RetireGrant', 'kms:RevokeGrant']) {
        const decision = await model.decide({ principalArn: service, identityPolicies: [], action, resource: keyArn, key, context });
        // Not Allowed by the key policy: the grant itself authorizes its grantee and retiring principal.
        expect(decision).not.toEqual('ExplicitlyDenied');
      }
    });

  test('SQS still encrypts and decrypts for a role allowed to use the key through it', async () => {
    const use = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyArn }] }];
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      expect(await model.decide({ principalArn: role('app'), identityPolicies: use, action, resource: keyArn, key, context: viaService('sqs') }))
        .toEqual('Allowed');
    }
  });
});

describe('the AUDIT key: no guard statement stands in the way of CloudWatch Logs and CloudTrail', () => {
  // Their Allow statements hinge on kms:EncryptionContext:* keys, which the simulator does not
  // evaluate (test/audit-trail/audit-trail-iam.test.ts checks those patterns against the log
  // group's and trail's ARNs); here the point is that no Deny applies to them.
  const { model, key, keyArn } = guardedKeys(KeyUse.AUDIT);
  const trail = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/audit`;
  const service = (principalArn: string, action: string) => model.decide({
    principalArn,
    identityPolicies: [],
    action,
    resource: keyArn,
    key,
    context: { 'aws:PrincipalIsAWSService': 'true', 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': trail },
  });

  test.each(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'])('CloudWatch Logs: %s', async (action) => {
    expect(await service(`logs.${REGION}.amazonaws.com`, action)).not.toEqual('ExplicitlyDenied');
  });

  test('CloudTrail: kms:GenerateDataKey, and kms:DescribeKey allowed for a trail of this account', async () => {
    expect(await service('cloudtrail.amazonaws.com', 'kms:GenerateDataKey')).not.toEqual('ExplicitlyDenied');
    expect(await service('cloudtrail.amazonaws.com', 'kms:DescribeKey')).toEqual('Allowed');
  });
});

describe('who the guard exempts, and the warnings that say so', () => {
  const BY_NAME = 'cdk-secure-serverless:KeyPerUsePolicy.adminRoleWithoutPath';
  const SHARED_DEPLOYER = 'cdk-secure-serverless:KeyPerUsePolicy.sharedBootstrapDeployer';

  test('an admin role given by name (no path known) gets a warning that tells how to pass its ARN', () => {
    const stack = testStack();
    new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleName(stack, 'Admins', 'key-admins')] });
    Annotations.fromStack(stack).hasWarning('/Test/Keys', Match.stringLikeRegexp(
      "adminRoles: the role 'key-admins' was given by name.*iam\\.Role\\.fromRoleArn\\(scope, id, 'arn:aws:iam::111111111111:role/<path>/key-admins'\\)"));

    const acknowledged = testStack();
    const keys = new KeyPerUsePolicy(acknowledged, 'Keys', { adminRoles: [iam.Role.fromRoleName(acknowledged, 'Admins', 'key-admins')] });
    CoreAnnotations.of(keys).acknowledgeWarning(BY_NAME, 'the key-admins role has no path');
    Annotations.fromStack(acknowledged).hasNoWarning('/Test/Keys', Match.stringLikeRegexp('given by name'));

    const agnostic = new Stack(new App(), 'Agnostic');
    new KeyPerUsePolicy(agnostic, 'Keys', { adminRoles: [iam.Role.fromRoleName(agnostic, 'Admins', 'key-admins')] });
    Annotations.fromStack(agnostic).hasWarning('/Agnostic/Keys', Match.stringLikeRegexp("'arn:aws:iam::<account>:role/<path>/key-admins'"));
  });

  test('admin roles given by full ARN, or made in the app, get no such warning', () => {
    const stack = guardedKeys().stack;
    const inApp = new Stack(new App(), 'InApp', { synthesizer: new DefaultStackSynthesizer({ cloudFormationExecutionRole: DEPLOYER_ARN }) });
    const admins = new iam.Role(inApp, 'Admins', { assumedBy: new iam.AccountRootPrincipal(), path: '/security/' });
    new KeyPerUsePolicy(inApp, 'Keys', { adminRoles: [admins] }).keyFor(KeyUse.DATA);
    for (const each of [stack, inApp]) {
      Annotations.fromStack(each).hasNoWarning('*', Match.anyValue());
    }
  });

  test('the path is kept exactly in the key policy', () => {
    Template.fromStack(guardedKeys().stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenySensitiveAdministrationToNonAdmins', Condition: { ArnNotEquals: { 'aws:PrincipalArn': [ADMIN_ARN, DEPLOYER_ARN] } } })]) },
    });
  });

  test("the default deployer is the account's shared CDK bootstrap role: an acknowledgeable warning says so", () => {
    const stack = testStack();
    new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleArn(stack, 'Admins', ADMIN_ARN)] });
    Annotations.fromStack(stack).hasWarning('/Test/Keys', Match.stringLikeRegexp(
      "deployer .*cdk-hnb659fds-cfn-exec-role.* is the account's shared CDK bootstrap execution role: anyone who can deploy any stack with it can rewrite these key policies"));

    const acknowledged = testStack();
    const keys = new KeyPerUsePolicy(acknowledged, 'Keys', { adminRoles: [iam.Role.fromRoleArn(acknowledged, 'Admins', ADMIN_ARN)] });
    CoreAnnotations.of(keys).acknowledgeWarning(SHARED_DEPLOYER, 'sandbox account: only the platform team can deploy');
    Annotations.fromStack(acknowledged).hasNoWarning('/Test/Keys', Match.anyValue());
  });

  test('a bootstrap role named in deployerPrincipalArns is warned about too', () => {
    const stack = testStack();
    new KeyPerUsePolicy(stack, 'Keys', {
      adminRoles: [iam.Role.fromRoleArn(stack, 'Admins', ADMIN_ARN)],
      deployerPrincipalArns: [`arn:aws:iam::${ACCOUNT}:role/cdk-abc123-cfn-exec-role-${ACCOUNT}-${REGION}`],
    });
    Annotations.fromStack(stack).hasWarning('/Test/Keys', Match.stringLikeRegexp('shared CDK bootstrap execution role'));
  });

  test('the dedicated deployer of the synthesizer is exempted, with no warning', () => {
    const { stack } = guardedKeys();
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('deployer'));
  });
});
