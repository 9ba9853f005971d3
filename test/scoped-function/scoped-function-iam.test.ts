import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CODE, stackWithKeys } from './fixtures';
import { EncryptedTable } from '../../src/encrypted-table';
import { ScopedFunction } from '../../src/scoped-function';
import { IamModel, viaService } from '../support/iam';

/**
 * The reference app's query function, evaluated by a real IAM policy simulator
 * (@cloud-copilot/iam-simulate): it may do exactly what it was granted, nothing more.
 */
describe('a ScopedFunction granted GetItem and Query on an EncryptedTable, in the IAM simulator', () => {
  const { stack, keys } = stackWithKeys();
  const partitionKey = { name: 'orgId', type: dynamodb.AttributeType.STRING };
  const findings = new EncryptedTable(stack, 'Findings', { partitionKey, keys });
  new EncryptedTable(stack, 'Other', { partitionKey, keys });
  new kms.Key(stack, 'StrayKey', { enableKeyRotation: true });
  const query = new ScopedFunction(stack, 'Query', { code: CODE, handler: 'index.handler', keys });
  findings.grantActions(query, 'dynamodb:GetItem', 'dynamodb:Query');

  const model = new IamModel(Template.fromStack(stack).toJSON());
  const [role] = model.logicalIds('AWS::IAM::Role').filter((id) => id.startsWith('QueryServiceRole'));
  const tableArn = (prefix: string) => model.arnOf(model.logicalIds('AWS::DynamoDB::Table').find((id) => id.startsWith(prefix))!);
  const keyId = (prefix: string) => model.logicalIds('AWS::KMS::Key').find((id) => id.startsWith(prefix))!;
  const decide = (action: string, resource: string, extra: { key?: string; context?: Record<string, string> } = {}) =>
    model.decide({ role, action, resource, ...extra });

  test.each(['dynamodb:GetItem', 'dynamodb:Query'])('allowed %s on the table', async (action) => {
    expect(await decide(action, tableArn('Findings'))).toEqual('Allowed');
  });

  test.each([
    'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable', 'dynamodb:DeleteTable', 'dynamodb:PartiQLSelect',
  ])('denied %s on the table', async (action) => {
    expect(await decide(action, tableArn('Findings'))).toEqual('ImplicitlyDenied');
  });

  test.each(['dynamodb:GetItem', 'dynamodb:Query'])('denied %s on any other table', async (action) => {
    expect(await decide(action, tableArn('Other'))).toEqual('ImplicitlyDenied');
    expect(await decide(action, 'arn:aws:dynamodb:us-east-1:111111111111:table/anything')).toEqual('ImplicitlyDenied');
  });

  test("only kms:Decrypt on the table's key, and only through DynamoDB", async () => {
    const dataKey = keyId('KeysDataKey');
    const key = model.arnOf(dataKey);
    const viaDynamo = viaService('dynamodb');
    expect(await decide('kms:Decrypt', key, { key: dataKey, context: viaDynamo })).toEqual('Allowed');
    for (const action of ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:CreateGrant', 'kms:ScheduleKeyDeletion']) {
      expect(await decide(action, key, { key: dataKey, context: viaDynamo })).not.toEqual('Allowed');
    }
    expect(await decide('kms:Decrypt', key, { key: dataKey, context: viaService('s3') })).toEqual('ImplicitlyDenied');
    expect(await decide('kms:Decrypt', key, { key: dataKey })).toEqual('ImplicitlyDenied');
  });

  test('no KMS action on any other key but its own dead-letter queue key', async () => {
    for (const prefix of ['KeysAuditKey', 'StrayKey']) {
      const other = keyId(prefix);
      for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']) {
        expect(await decide(action, model.arnOf(other), { key: other, context: viaService('dynamodb') })).toEqual('ImplicitlyDenied');
      }
    }
    const messaging = keyId('KeysMessagingKey');
    expect(await decide('kms:GenerateDataKey', model.arnOf(messaging), { key: messaging, context: viaService('sqs') })).toEqual('Allowed');
    expect(await decide('kms:GenerateDataKey', model.arnOf(messaging), { key: messaging })).toEqual('ImplicitlyDenied');
    expect(await decide('kms:Decrypt', model.arnOf(messaging), { key: messaging, context: viaService('dynamodb') })).toEqual('ImplicitlyDenied');
    expect(await decide('kms:Encrypt', model.arnOf(messaging), { key: messaging, context: viaService('sqs') })).toEqual('ImplicitlyDenied');
  });

  test('its own log group and dead-letter queue, nothing of the kind beyond them', async () => {
    const logGroup = model.arnOf(model.logicalIds('AWS::Logs::LogGroup').find((id) => id.startsWith('Query'))!);
    const stream = logGroup.replace(/:\*$/, ':log-stream:2026/01/01/[$LATEST]abc');
    expect(await decide('logs:PutLogEvents', stream)).toEqual('Allowed');
    expect(await decide('logs:CreateLogStream', stream)).toEqual('Allowed');
    expect(await decide('logs:PutLogEvents', 'arn:aws:logs:us-east-1:111111111111:log-group:/other:log-stream:s')).toEqual('ImplicitlyDenied');
    expect(await decide('logs:CreateLogGroup', 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/x')).toEqual('ImplicitlyDenied');
    const queue = model.arnOf(model.logicalIds('AWS::SQS::Queue').find((id) => id.startsWith('Query'))!);
    expect(await decide('sqs:SendMessage', queue)).toEqual('Allowed');
    expect(await decide('sqs:ReceiveMessage', queue)).toEqual('ImplicitlyDenied');
    expect(await decide('sqs:SendMessage', 'arn:aws:sqs:us-east-1:111111111111:other')).toEqual('ImplicitlyDenied');
  });

  test('nothing of other services (but X-Ray tracing)', async () => {
    expect(await decide('xray:PutTraceSegments', '*')).toEqual('Allowed');
    expect(await decide('s3:GetObject', 'arn:aws:s3:::any/key')).toEqual('ImplicitlyDenied');
    expect(await decide('iam:PassRole', 'arn:aws:iam::111111111111:role/any')).toEqual('ImplicitlyDenied');
    expect(await decide('lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111111111111:function:any')).toEqual('ImplicitlyDenied');
  });
});
