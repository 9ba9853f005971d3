import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EncryptedTable, EncryptedTableProps, KeyPerUsePolicy } from '../../src';
import { withCode } from '../support/failures';
import { IamModel, viaService } from '../support/iam';
import { acknowledgementReasons, acknowledgements, nagErrors, nagWarnings } from '../support/nag';
import { testStack } from '../support/stacks';

const partitionKey = { name: 'orgId', type: dynamodb.AttributeType.STRING };

function tableIn(stack: Stack, props: Partial<EncryptedTableProps> = {}, id = 'Findings') {
  const keys = (stack.node.tryFindChild('Keys') as KeyPerUsePolicy | undefined)
    ?? new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleName(stack, 'Admins', 'security-key-admins')] });
  return new EncryptedTable(stack, id, { partitionKey, keys, ...props });
}

function role(stack: Stack, id: string) {
  return new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
}

describe('EncryptedTable defaults', () => {
  test('customer-managed encryption, PITR, deletion protection, on-demand, retained', () => {
    const stack = testStack();
    tableIn(stack);
    Template.fromStack(stack).hasResource('AWS::DynamoDB::Table', {
      Properties: {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysDataKey'), 'Arn'] } },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        BillingMode: 'PAY_PER_REQUEST',
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('fifty tables share one DATA key', () => {
    const stack = testStack();
    for (let i = 0; i < 50; i++) {
      tableIn(stack, {}, `Table${i}`);
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::DynamoDB::Table', 50);
    template.resourceCountIs('AWS::KMS::Key', 1);
  });

  test('a daily backup plan in a vault encrypted with the table key selects the table', () => {
    const stack = testStack();
    tableIn(stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysDataKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 5 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } })] },
    });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { Resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Findings'), 'Arn'] }] },
    });
  });

  test('exposes the L2 table, its name, ARN and key', () => {
    const stack = testStack();
    const table = tableIn(stack);
    expect(table.table).toBeInstanceOf(dynamodb.Table);
    expect(table.tableName).toEqual(table.table.tableName);
    expect(table.tableArn).toEqual(table.table.tableArn);
    expect(table.encryptionKey).toBe((stack.node.findChild('Keys') as KeyPerUsePolicy).keys[0]);
    expect(table.tableStreamArn).toBeUndefined();
    expect(table.backupPlan).toBeDefined();
  });
});

describe('EncryptedTable props', () => {
  test('an explicit key instead of keys', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Own', { enableKeyRotation: true });
    new EncryptedTable(stack, 'T', { partitionKey, encryptionKey: key });
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Own'), 'Arn'] } },
    });
  });

  test('sort key, name, stream, TTL and global secondary indexes', () => {
    const stack = testStack();
    const table = tableIn(stack, {
      sortKey: { name: 'findingId', type: dynamodb.AttributeType.STRING },
      tableName: 'findings',
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: 'expiresAt',
      globalSecondaryIndexes: [{ indexName: 'bySeverity', partitionKey: { name: 'severity', type: dynamodb.AttributeType.STRING } }],
    });
    expect(table.tableStreamArn).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'findings',
      KeySchema: [{ AttributeName: 'orgId', KeyType: 'HASH' }, { AttributeName: 'findingId', KeyType: 'RANGE' }],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'bySeverity' })],
    });
  });

  test('a given backup plan is used instead of a new one', () => {
    const stack = testStack();
    const plan = backup.BackupPlan.daily35DayRetention(stack, 'Shared');
    tableIn(stack, { backupPlan: plan }, 'A');
    tableIn(stack, { backupPlan: plan }, 'B');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
    template.resourceCountIs('AWS::Backup::BackupSelection', 2);
  });

  test('unsafeSkipBackupPlan leaves the table out of AWS Backup', () => {
    const stack = testStack();
    const table = tableIn(stack, { unsafeSkipBackupPlan: true });
    expect(table.backupPlan).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::Backup::BackupPlan', 0);
    expect(nagErrors(stack)).toEqual(expect.arrayContaining([expect.stringMatching(/DynamoDBInBackupPlan @ Test\/Findings/)]));
  });
});

describe('EncryptedTable bad props', () => {
  test('keys and encryptionKey together', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Own');
    const keys = new KeyPerUsePolicy(stack, 'Keys');
    expect(() => new EncryptedTable(stack, 'T', { partitionKey, keys, encryptionKey: key }))
      .toThrow('[Test/T] keys: both keys and encryptionKey are given. Fix: pass keys (the table takes their DATA key) or encryptionKey, not both');
  });

  // Amazon DynamoDB Developer Guide, "Naming rules": table names are 3 to 255 characters of a-z, A-Z, 0-9, '_', '-', '.'.
  test.each(['ab', 'my table', 'orders/2024', 'tâble', 't'.repeat(256)])('tableName %p', (tableName) => {
    const stack = testStack();
    expect(() => new EncryptedTable(stack, 'T', { partitionKey, keys: new KeyPerUsePolicy(stack, 'Keys'), tableName }))
      .toThrow(withCode('EncryptedTable.InvalidTableName'));
  });

  test('neither keys nor encryptionKey', () => {
    expect(() => new EncryptedTable(testStack(), 'T', { partitionKey }))
      .toThrow(withCode('Keys.NoKey'));
  });

  test('a backup plan and unsafeSkipBackupPlan together', () => {
    const stack = testStack();
    expect(() => tableIn(stack, { backupPlan: backup.BackupPlan.daily35DayRetention(stack, 'P'), unsafeSkipBackupPlan: true }))
      .toThrow(withCode('EncryptedTable.BackupPlanWithSkip'));
  });
});

describe('EncryptedTable.grantActions', () => {
  function policyOf(stack: Stack, roleId: string) {
    const template = Template.fromStack(stack).toJSON();
    const policy = Object.values<any>(template.Resources).find((resource) => resource.Type === 'AWS::IAM::Policy'
      && resource.Properties.Roles.some((ref: any) => ref.Ref.startsWith(roleId)));
    return policy.Properties.PolicyDocument.Statement;
  }

  test('grants exactly the actions named, on the table only, plus kms:Decrypt via DynamoDB on its key', () => {
    const stack = testStack();
    const table = tableIn(stack);
    const reader = role(stack, 'Reader');
    const grant = table.grantActions(reader, 'dynamodb:GetItem', 'dynamodb:Query');
    expect(grant.success).toBe(true);
    expect(policyOf(stack, 'Reader')).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Findings/), 'Arn'] } },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^KeysDataKey/), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } },
      },
    ]);
  });

  test('writers get kms:Encrypt, kms:GenerateDataKey and kms:Decrypt, never a star form', () => {
    const stack = testStack();
    const table = tableIn(stack);
    const writer = role(stack, 'Writer');
    table.grantWriteItems(writer);
    const statements = policyOf(stack, 'Writer');
    expect(statements[0].Action).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem']);
    expect(statements[1].Action).toEqual(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
    expect(JSON.stringify(statements)).not.toMatch(/\*/);
  });

  test('grantReadItems gives GetItem, BatchGetItem and Query', () => {
    const stack = testStack();
    const table = tableIn(stack);
    table.grantReadItems(role(stack, 'Reader'));
    expect(policyOf(stack, 'Reader')[0].Action).toEqual(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']);
  });

  test('index ARNs are granted for Query and Scan only, by exact name', () => {
    const stack = testStack();
    const table = tableIn(stack, {
      globalSecondaryIndexes: [{ indexName: 'bySeverity', partitionKey: { name: 'severity', type: dynamodb.AttributeType.STRING } }],
    });
    table.grantActions(role(stack, 'Querier'), 'dynamodb:Query');
    table.grantActions(role(stack, 'Getter'), 'dynamodb:GetItem');
    const tableArn = { 'Fn::GetAtt': [expect.stringMatching(/^Findings/), 'Arn'] };
    expect(policyOf(stack, 'Querier')[0].Resource).toEqual([
      tableArn,
      { 'Fn::Join': ['', [tableArn, '/index/bySeverity']] },
    ]);
    expect(policyOf(stack, 'Getter')[0].Resource).toEqual(tableArn);
  });

  test('stream reads are granted on the stream ARN', () => {
    const stack = testStack();
    const table = tableIn(stack, { stream: dynamodb.StreamViewType.NEW_IMAGE });
    table.grantActions(role(stack, 'Consumer'), 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream');
    const [streamStatement, keyStatement] = policyOf(stack, 'Consumer');
    expect(streamStatement.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Findings/), 'StreamArn'] });
    expect(keyStatement.Action).toEqual('kms:Decrypt');
  });

  test.each([
    ['dynamodb:*', /'dynamodb:\*' is a wildcard; name the exact actions instead: dynamodb:BatchGetItem, .*dynamodb:UpdateItem/],
    ['dynamodb:Get*', /\[Test\/Findings\] grantActions: 'dynamodb:Get\*' is a wildcard; name the exact actions instead: dynamodb:GetItem, dynamodb:GetRecords, dynamodb:GetShardIterator. Fix: grant only exact DynamoDB actions/],
    ['*', /'\*' is a wildcard/],
    ['s3:GetObject', /'s3:GetObject' is not a DynamoDB action/],
    ['dynamodb:DeleteTable', /'dynamodb:DeleteTable' is not a DynamoDB data action this table grants; use one of: dynamodb:BatchGetItem/],
  ])('%s fails synthesis with the table, the action and the alternatives', (action, message) => {
    const stack = testStack();
    const table = tableIn(stack);
    expect(() => table.grantActions(role(stack, 'R'), action)).toThrow(message);
  });

  test('no actions, or stream actions on a table without a stream, fail', () => {
    const stack = testStack();
    const table = tableIn(stack);
    expect(() => table.grantActions(role(stack, 'R'))).toThrow(withCode('EncryptedTable.NoActionsGranted'));
    expect(() => table.grantActions(role(stack, 'S'), 'dynamodb:GetRecords')).toThrow(withCode('EncryptedTable.StreamActionsWithoutStream'));
  });
});

describe('EncryptedTable grants, evaluated by an IAM policy simulator', () => {
  const stack = testStack();
  const findings = tableIn(stack);
  tableIn(stack, {}, 'Other');
  const reader = role(stack, 'Reader');
  const writer = role(stack, 'Writer');
  findings.grantReadItems(reader);
  findings.grantWriteItems(writer);
  new kms.Key(stack, 'OtherKey', { enableKeyRotation: true });
  const model = new IamModel(Template.fromStack(stack).toJSON());
  const [readerRole] = model.logicalIds('AWS::IAM::Role').filter((id) => id.startsWith('Reader'));
  const [writerRole] = model.logicalIds('AWS::IAM::Role').filter((id) => id.startsWith('Writer'));
  const tableArn = (prefix: string) => model.arnOf(model.logicalIds('AWS::DynamoDB::Table').find((id) => id.startsWith(prefix))!);
  const [dataKey] = model.logicalIds('AWS::KMS::Key').filter((id) => id.startsWith('KeysDataKey'));
  const [otherKey] = model.logicalIds('AWS::KMS::Key').filter((id) => id.startsWith('OtherKey'));
  const viaDynamo = viaService('dynamodb');

  test.each(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'])('the reader may %s the table', async (action) => {
    expect(await model.decide({ role: readerRole, action, resource: tableArn('Findings') })).toEqual('Allowed');
  });

  test.each(['dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:DeleteTable'])('the reader may not %s', async (action) => {
    expect(await model.decide({ role: readerRole, action, resource: tableArn('Findings') })).toEqual('ImplicitlyDenied');
  });

  test('the reader may not read another table', async () => {
    expect(await model.decide({ role: readerRole, action: 'dynamodb:GetItem', resource: tableArn('Other') })).toEqual('ImplicitlyDenied');
  });

  test('the reader may kms:Decrypt the table key through DynamoDB, and nothing else', async () => {
    const key = model.arnOf(dataKey);
    expect(await model.decide({ role: readerRole, action: 'kms:Decrypt', resource: key, key: dataKey, context: viaDynamo })).toEqual('Allowed');
    expect(await model.decide({ role: readerRole, action: 'kms:Encrypt', resource: key, key: dataKey, context: viaDynamo })).toEqual('ImplicitlyDenied');
    expect(await model.decide({ role: readerRole, action: 'kms:Decrypt', resource: key, key: dataKey, context: viaService('s3') })).toEqual('ImplicitlyDenied');
    expect(await model.decide({ role: readerRole, action: 'kms:Decrypt', resource: model.arnOf(otherKey), key: otherKey, context: viaDynamo })).toEqual('ImplicitlyDenied');
  });

  test('the writer may write and encrypt, but not read items or delete the key', async () => {
    const key = model.arnOf(dataKey);
    expect(await model.decide({ role: writerRole, action: 'dynamodb:PutItem', resource: tableArn('Findings') })).toEqual('Allowed');
    expect(await model.decide({ role: writerRole, action: 'dynamodb:GetItem', resource: tableArn('Findings') })).toEqual('ImplicitlyDenied');
    expect(await model.decide({ role: writerRole, action: 'kms:GenerateDataKey', resource: key, key: dataKey, context: viaDynamo })).toEqual('Allowed');
    expect(await model.decide({ role: writerRole, action: 'kms:ScheduleKeyDeletion', resource: key, key: dataKey })).not.toEqual('Allowed');
  });
});

describe('EncryptedTable compliance', () => {
  test('default configuration: zero unacknowledged findings under every cdk-nag pack', () => {
    const stack = testStack();
    tableIn(stack);
    expect(nagErrors(stack)).toEqual([]);
    expect(nagWarnings(stack)).toEqual([]);
  });

  test('acknowledgements are pinned, one resource and one finding each, with reasons', () => {
    const stack = testStack();
    tableIn(stack);
    expect(acknowledgements(stack)).toEqual([
      'Test/Findings/BackupSelection/Role: AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    ]);
    for (const reason of Object.values(acknowledgementReasons(stack))) {
      expect(reason.length).toBeGreaterThan(40);
    }
  });
});
