import { App, Annotations as CoreAnnotations, CliCredentialsStackSynthesizer, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EncryptedTable, KeyPerUsePolicy, KeyUse, ScopedFunction, SecureServerlessChecks } from '../../src';
import { withCode } from '../support/failures';
import { IamModel } from '../support/iam';
import { acknowledgements, nagErrors, nagFindings, nagWarnings } from '../support/nag';
import { testStack } from '../support/stacks';

const SENSITIVE = [
  'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation',
  'kms:PutKeyPolicy', 'kms:DeleteAlias', 'kms:UpdateAlias',
];

function keysWithAdmins(stack: Stack) {
  const admins = iam.Role.fromRoleName(stack, 'Admins', 'security-key-admins');
  return new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [admins] });
}

describe('KeyPerUsePolicy', () => {
  test('creates one key per use, on first use only', () => {
    const stack = testStack();
    const keys = keysWithAdmins(stack);
    expect(keys.keys).toEqual([]);

    const first = keys.keyFor(KeyUse.DATA);
    for (let i = 0; i < 50; i++) {
      expect(keys.keyFor(KeyUse.DATA)).toBe(first);
    }
    keys.keyFor(KeyUse.AUDIT);
    keys.keyFor(KeyUse.of('payments'));

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 3);
    expect(keys.keys).toHaveLength(3);
    for (const use of ['data', 'audit', 'payments']) {
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/Test/Keys/${use}` });
    }
  });

  test('keys rotate, are retained and wait 30 days before deletion', () => {
    const stack = testStack();
    keysWithAdmins(stack).keyFor(KeyUse.DATA);
    Template.fromStack(stack).hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, PendingWindowInDays: 30 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the key policy denies sensitive administration to all but the admins and the deployer', () => {
    const stack = testStack();
    keysWithAdmins(stack).keyFor(KeyUse.DATA);
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenySensitiveAdministrationToNonAdmins',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: Match.arrayWith(SENSITIVE),
            Condition: {
              ArnNotEquals: {
                'aws:PrincipalArn': [
                  { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/security-key-admins']] },
                  { 'Fn::Sub': 'arn:${AWS::Partition}:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-us-east-1' },
                ],
              },
            },
          }),
        ]),
      },
    });
  });

  test('no key policy statement uses a wildcard action', () => {
    const stack = testStack();
    const keys = keysWithAdmins(stack);
    keys.keyFor(KeyUse.DATA);
    keys.keyFor(KeyUse.AUDIT);
    const template = Template.fromStack(stack).toJSON();
    const actions = Object.values<any>(template.Resources)
      .filter((resource) => resource.Type === 'AWS::KMS::Key')
      .flatMap((key) => key.Properties.KeyPolicy.Statement.flatMap((statement: any) => [statement.Action].flat()));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((action: string) => action.includes('*'))).toEqual([]);
  });

  test('only the AUDIT key lets CloudWatch Logs and CloudTrail of this account use it', () => {
    const stack = testStack();
    const keys = keysWithAdmins(stack);
    keys.keyFor(KeyUse.DATA);
    keys.keyFor(KeyUse.AUDIT);
    const template = Template.fromStack(stack).toJSON();
    const services = (use: string) => {
      const key = Object.entries<any>(template.Resources).find(([id]) => id.startsWith(`Keys${use}Key`))![1];
      return key.Properties.KeyPolicy.Statement.filter((statement: any) => statement.Principal.Service);
    };
    expect(services('Data')).toEqual([]);
    const audit = services('Audit');
    expect(audit.map((statement: any) => statement.Sid)).toEqual([
      'AllowCloudWatchLogsOfThisAccount', 'AllowCloudTrailOfThisAccountToEncrypt', 'AllowCloudTrailOfThisAccountToDescribe',
    ]);
    expect(audit[0].Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])
      .toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:*']] });
    expect(audit[1].Condition.StringEquals['aws:SourceAccount']).toEqual('111111111111');
    expect(audit[2].Condition.StringEquals['aws:SourceAccount']).toEqual('111111111111');
  });

  test('custom uses validate their name', () => {
    expect(KeyUse.of('payments').name).toEqual('payments');
    expect(() => KeyUse.of('Payments!')).toThrow(/KeyUse.of\('Payments!'\).*lower-case.*Fix: pick a name/);
    expect(() => KeyUse.of('')).toThrow(withCode('KeyUse.InvalidName'));
  });

  test('uses creates keys up front', () => {
    const stack = testStack();
    new KeyPerUsePolicy(stack, 'Keys', { uses: [KeyUse.DATA, KeyUse.MESSAGING] });
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 2);
  });

  test('no admin roles is allowed, with an acknowledgeable warning', () => {
    const stack = testStack();
    new KeyPerUsePolicy(stack, 'Keys').keyFor(KeyUse.DATA);
    Annotations.fromStack(stack).hasWarning('/Test/Keys', Match.stringLikeRegexp('No adminRoles given'));

    const acknowledged = testStack();
    const keys = new KeyPerUsePolicy(acknowledged, 'Keys');
    CoreAnnotations.of(keys).acknowledgeWarning('cdk-secure-serverless:KeyPerUsePolicy.noAdminRoles', 'the platform team administers keys through the deployer');
    Annotations.fromStack(acknowledged).hasNoWarning('/Test/Keys', Match.stringLikeRegexp('No adminRoles given'));
  });

  test('with admin roles given by ARN and a dedicated deployer there is no warning', () => {
    const stack = new Stack(new App(), 'Test', {
      env: { account: '111111111111', region: 'us-east-1' },
      synthesizer: new DefaultStackSynthesizer({ cloudFormationExecutionRole: 'arn:aws:iam::111111111111:role/key-deployer' }),
    });
    new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleArn(stack, 'Admins', 'arn:aws:iam::111111111111:role/security-key-admins')] })
      .keyFor(KeyUse.DATA);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('publishes key ARNs to SSM and imports them elsewhere without creating keys', () => {
    const platform = testStack('Platform');
    new KeyPerUsePolicy(platform, 'Keys', { adminRoles: [iam.Role.fromRoleName(platform, 'A', 'admins')], parameterPrefix: '/platform/keys', uses: [KeyUse.DATA] });
    Template.fromStack(platform).hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/platform/keys/data',
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysDataKey'), 'Arn'] },
    });

    const service = testStack('Service');
    const imported = KeyPerUsePolicy.fromParameters(service, 'Keys', '/platform/keys');
    const key = imported.keyFor(KeyUse.DATA);
    expect(imported.keyFor(KeyUse.DATA)).toBe(key);
    const template = Template.fromStack(service).toJSON();
    Template.fromStack(service).resourceCountIs('AWS::KMS::Key', 0);
    expect(Object.values<any>(template.Parameters).map((parameter) => parameter.Default)).toContain('/platform/keys/data');
  });

  test("a service on imported keys passes the library's pack: the parameters are known to hold customer-managed key ARNs", () => {
    const service = testStack('Service');
    const keys = KeyPerUsePolicy.fromParameters(service, 'Keys', '/platform/keys');
    const table = new EncryptedTable(service, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, keys });
    const fn = new ScopedFunction(service, 'Fn', { code: lambda.Code.fromInline('exports.handler = async () => 1;'), handler: 'index.handler', keys });
    table.grantActions(fn, 'dynamodb:GetItem');
    const errors = nagFindings(service, [new SecureServerlessChecks()]).filter((finding) => finding.severity === 'error');
    expect(errors).toEqual([]);
  });

  test('with a synthesizer that has no execution role, the deployer must be named', () => {
    const stack = new Stack(new App(), 'Cli', { synthesizer: new CliCredentialsStackSynthesizer() });
    expect(() => new KeyPerUsePolicy(stack, 'Keys')).toThrow(withCode('KeyPerUsePolicy.UnknownDeployer'));

    const named = new Stack(new App(), 'Cli', { synthesizer: new CliCredentialsStackSynthesizer() });
    new KeyPerUsePolicy(named, 'Keys', { deployerPrincipalArns: ['arn:aws:iam::111111111111:role/deployer'] }).keyFor(KeyUse.DATA);
    Template.fromStack(named).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Condition: { ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/deployer'] } } })]) },
    });
  });

  test.each([
    [{ aliasPrefix: 'aws/mine' }, 'KeyPerUsePolicy.InvalidAliasPrefix'],
    [{ aliasPrefix: 'bad prefix' }, 'KeyPerUsePolicy.InvalidAliasPrefix'],
    [{ parameterPrefix: 'keys' }, 'KeyPerUsePolicy.InvalidParameterPrefix'],
    [{ parameterPrefix: '/keys/' }, 'KeyPerUsePolicy.InvalidParameterPrefix'],
    [{ pendingWindowDays: 3 }, 'KeyPerUsePolicy.PendingWindowOutOfRange'],
  ])('bad props fail with the path, the prop and the fix: %p', (props, code) => {
    expect(() => new KeyPerUsePolicy(testStack(), 'Keys', props)).toThrow(withCode(code));
    expect(() => KeyPerUsePolicy.fromParameters(testStack(), 'Keys', 'no-slash')).toThrow(withCode('KeyPerUsePolicy.InvalidParameterPrefix'));
  });

  test('every key use passes every cdk-nag pack with no acknowledgement', () => {
    const stack = testStack();
    const keys = keysWithAdmins(stack);
    for (const use of [KeyUse.DATA, KeyUse.MESSAGING, KeyUse.AUDIT, KeyUse.of('custom')]) {
      keys.keyFor(use);
    }
    expect(nagErrors(stack)).toEqual([]);
    expect(nagWarnings(stack)).toEqual([]);
    expect(acknowledgements(stack)).toEqual([]);
  });
});

describe('KeyPerUsePolicy key policy, evaluated by an IAM policy simulator', () => {
  const stack = testStack();
  keysWithAdmins(stack).keyFor(KeyUse.DATA);
  const model = new IamModel(Template.fromStack(stack).toJSON());
  const [key] = model.logicalIds('AWS::KMS::Key');
  const keyArn = model.arnOf(key);
  const kmsStar = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }];
  const role = (name: string) => `arn:aws:iam::111111111111:role/${name}`;

  test.each(SENSITIVE)('a non-admin role holding kms:* is denied %s', async (action) => {
    expect(await model.decide({ principalArn: role('developer'), identityPolicies: kmsStar, action, resource: keyArn, key }))
      .toEqual('ExplicitlyDenied');
  });

  test('the account root is denied kms:ScheduleKeyDeletion too', async () => {
    expect(await model.decide({ principalArn: 'arn:aws:iam::111111111111:root', identityPolicies: kmsStar, action: 'kms:ScheduleKeyDeletion', resource: keyArn, key }))
      .toEqual('ExplicitlyDenied');
  });

  test.each(SENSITIVE)('an admin role holding kms:* is allowed %s', async (action) => {
    expect(await model.decide({ principalArn: role('security-key-admins'), identityPolicies: kmsStar, action, resource: keyArn, key }))
      .toEqual('Allowed');
  });

  test('the deployer keeps kms:PutKeyPolicy (KMS lockout safety check)', async () => {
    const deployer = role('cdk-hnb659fds-cfn-exec-role-111111111111-us-east-1');
    expect(await model.decide({ principalArn: deployer, identityPolicies: kmsStar, action: 'kms:PutKeyPolicy', resource: keyArn, key }))
      .toEqual('Allowed');
  });

  test('grants can be created only for AWS services acting for the account (Control Tower CT.KMS.PR.3)', async () => {
    const request = { principalArn: role('developer'), identityPolicies: kmsStar, action: 'kms:CreateGrant', resource: keyArn, key };
    expect(await model.decide({ ...request, context: { 'kms:GrantIsForAWSResource': 'true' } })).toEqual('Allowed');
    expect(await model.decide({ ...request, context: { 'kms:GrantIsForAWSResource': 'false' } })).toEqual('ExplicitlyDenied');
    expect(await model.decide(request)).toEqual('ExplicitlyDenied');
  });

  test('ordinary use is delegated to IAM: allowed with an IAM grant, not without', async () => {
    const decrypt = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }] }];
    expect(await model.decide({ principalArn: role('app'), identityPolicies: decrypt, action: 'kms:Decrypt', resource: keyArn, key })).toEqual('Allowed');
    expect(await model.decide({ principalArn: role('app'), identityPolicies: [], action: 'kms:Decrypt', resource: keyArn, key })).toEqual('ImplicitlyDenied');
  });
});
