import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { defaultTrail } from './fixtures';
import { AuditTrail } from '../../src';
import { IamModel } from '../support/iam';
import { testStack } from '../support/stacks';

const { ACCOUNT, REGION } = IamModel;
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/TestAuditAEBFCB0B`;
const OTHER_TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/someone-elses-trail`;

/**
 * The policy simulator ignores `kms:EncryptionContext:<key>` condition keys (their variable part
 * holds colons), so those conditions are taken out of the key policies and checked apart:
 * `contextPatterns` holds them by principal and action, resolved, to match against ARNs.
 */
function withoutEncryptionContext(template: any) {
  const contextPatterns: { principal: string; actions: string[]; key: string; pattern: string }[] = [];
  const resolver = new IamModel(template);
  for (const resource of Object.values<any>(template.Resources)) {
    if (resource.Type !== 'AWS::KMS::Key') continue;
    for (const statement of resource.Properties.KeyPolicy.Statement) {
      for (const [operator, conditions] of Object.entries<any>(statement.Condition ?? {})) {
        for (const key of Object.keys(conditions).filter((name) => name.startsWith('kms:EncryptionContext:'))) {
          contextPatterns.push({
            principal: resolver.resolve(statement.Principal.Service ?? statement.Principal.AWS),
            actions: [statement.Action].flat(),
            key,
            pattern: resolver.resolve(conditions[key]),
          });
          delete conditions[key];
        }
        if (Object.keys(conditions).length === 0) delete statement.Condition[operator];
      }
    }
  }
  return { template, contextPatterns };
}

/** Whether an encryption-context condition of the key policy lets the principal use the action for the ARN. */
function contextAdmits(patterns: ReturnType<typeof withoutEncryptionContext>['contextPatterns'], principal: string, action: string, key: string, arn: string) {
  return patterns.some((candidate) => candidate.principal === principal && candidate.actions.includes(action) && candidate.key === key &&
    new RegExp(`^${candidate.pattern.split('*').map((part) => part.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*')}$`).test(arn));
}

function modelOf(stack: ReturnType<typeof testStack>) {
  const { template, contextPatterns } = withoutEncryptionContext(Template.fromStack(stack).toJSON());
  const model = new IamModel(template);
  const [logsRole] = model.logicalIds('AWS::IAM::Role');
  const [logGroup] = model.logicalIds('AWS::Logs::LogGroup').filter((id) => id.startsWith('AuditLogGroup'));
  const [key] = model.logicalIds('AWS::KMS::Key');
  const logGroupArn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${logGroup.toLowerCase()}`;
  return { model, logsRole, logGroupArn, key, keyArn: model.arnOf(key), contextPatterns };
}

describe("the logs role writes CloudTrail's streams of its log group, nothing else", () => {
  const { stack } = defaultTrail();
  const { model, logsRole, logGroupArn } = modelOf(stack);
  const stream = (name: string) => `${logGroupArn}:log-stream:${name}`;

  test.each(['logs:CreateLogStream', 'logs:PutLogEvents'])('%s on the streams CloudTrail names, in every region', async (action) => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      expect(await model.decide({ role: logsRole, action, resource: stream(`${ACCOUNT}_CloudTrail_${region}`) })).toEqual('Allowed');
    }
  });

  test.each([
    ['logs:PutLogEvents', () => stream('some-other-stream')],
    ['logs:PutLogEvents', () => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:another-group:log-stream:${ACCOUNT}_CloudTrail_${REGION}`],
    ['logs:DeleteLogGroup', () => logGroupArn],
    ['logs:GetLogEvents', () => stream(`${ACCOUNT}_CloudTrail_${REGION}`)],
    ['s3:PutObject', () => 'arn:aws:s3:::any-bucket/any-key'],
  ])('%s elsewhere is denied', async (action, resource) => {
    expect(await model.decide({ role: logsRole, action, resource: resource() })).toEqual('ImplicitlyDenied');
  });
});

describe('the AUDIT key lets CloudTrail and CloudWatch Logs do what the trail needs', () => {
  const { stack } = defaultTrail();
  const { model, key, keyArn, logGroupArn, contextPatterns } = modelOf(stack);
  const cloudTrail = (action: string, context: Record<string, string>) =>
    model.decide({ principalArn: 'cloudtrail.amazonaws.com', identityPolicies: [], action, resource: keyArn, key, context });

  const CLOUDTRAIL_CONTEXT = 'kms:EncryptionContext:aws:cloudtrail:arn';

  test("CloudTrail generates data keys for this account's trails", async () => {
    expect(await cloudTrail('kms:GenerateDataKey', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': TRAIL_ARN })).toEqual('Allowed');
    expect(contextAdmits(contextPatterns, 'cloudtrail.amazonaws.com', 'kms:GenerateDataKey', CLOUDTRAIL_CONTEXT, TRAIL_ARN)).toBe(true);
  });

  test("but not for another account's trail", async () => {
    const foreign = 'arn:aws:cloudtrail:us-east-1:222222222222:trail/theirs';
    expect(await cloudTrail('kms:GenerateDataKey', { 'aws:SourceAccount': '222222222222', 'aws:SourceArn': foreign })).toEqual('ImplicitlyDenied');
    expect(contextAdmits(contextPatterns, 'cloudtrail.amazonaws.com', 'kms:GenerateDataKey', CLOUDTRAIL_CONTEXT, foreign)).toBe(false);
  });

  test('CloudTrail describes the key for this trail', async () => {
    expect(await cloudTrail('kms:DescribeKey', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': TRAIL_ARN })).toEqual('Allowed');
  });

  test('CloudTrail may not decrypt', async () => {
    expect(await cloudTrail('kms:Decrypt', { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': TRAIL_ARN })).toEqual('ImplicitlyDenied');
  });

  // The CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS Key Management Service":
  // logs.<region>.amazonaws.com gets kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*.
  test.each(['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'])('CloudWatch Logs may %s for the log group', async (action) => {
    const logs = `logs.${REGION}.amazonaws.com`;
    expect(await model.decide({ principalArn: logs, identityPolicies: [], action, resource: keyArn, key })).toEqual('Allowed');
    expect(contextAdmits(contextPatterns, logs, action, 'kms:EncryptionContext:aws:logs:arn', logGroupArn)).toBe(true);
    expect(contextAdmits(contextPatterns, logs, action, 'kms:EncryptionContext:aws:logs:arn',
      `arn:aws:logs:${REGION}:222222222222:log-group:theirs`)).toBe(false);
  });
});

describe("an explicit key's added statements admit this trail only", () => {
  const stack = testStack();
  new AuditTrail(stack, 'Audit', { encryptionKey: new kms.Key(stack, 'Own', { enableKeyRotation: true }) });
  const { model, key, keyArn, logGroupArn, contextPatterns } = modelOf(stack);
  const cloudTrail = (action: string, sourceArn: string) => model.decide({
    principalArn: 'cloudtrail.amazonaws.com',
    identityPolicies: [],
    action,
    resource: keyArn,
    key,
    context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': ACCOUNT },
  });

  test.each(['kms:GenerateDataKey', 'kms:DescribeKey'])('%s for this trail is allowed', async (action) => {
    expect(await cloudTrail(action, TRAIL_ARN)).toEqual('Allowed');
  });

  test.each(['kms:GenerateDataKey', 'kms:DescribeKey'])('%s for another trail of the account is denied', async (action) => {
    expect(await cloudTrail(action, OTHER_TRAIL_ARN)).toEqual('ImplicitlyDenied');
  });

  test("CloudTrail's data keys carry this account's trail context", () => {
    expect(contextAdmits(contextPatterns, 'cloudtrail.amazonaws.com', 'kms:GenerateDataKey', 'kms:EncryptionContext:aws:cloudtrail:arn', TRAIL_ARN)).toBe(true);
  });

  test.each(['kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt'])('CloudWatch Logs may %s for the log group', async (action) => {
    const logs = `logs.${REGION}.amazonaws.com`;
    expect(await model.decide({ principalArn: logs, identityPolicies: [], action, resource: keyArn, key })).toEqual('Allowed');
    expect(contextAdmits(contextPatterns, logs, action, 'kms:EncryptionContext:aws:logs:arn', logGroupArn)).toBe(true);
  });
});
