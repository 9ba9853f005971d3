import { Lazy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CODE, defaultTrail, encryptedTable, scopedFunction, selectorsOf } from './fixtures';
import { EventFilter } from '../../src';
import { SecureServerlessChecks } from '../../src/nag';
import { withCode } from '../support/failures';
import { nagFindings } from '../support/nag';

const MANAGEMENT = { Name: 'Management events (all)', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };

function dataSelector(type: string, filter: string, arnCondition: Record<string, unknown>, readOnly?: string) {
  return {
    Name: `${type} data events (${filter})`,
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] },
      { Field: 'resources.type', Equals: [type] },
      { Field: 'resources.ARN', ...arnCondition },
      ...(readOnly ? [{ Field: 'readOnly', Equals: [readOnly] }] : []),
    ],
  };
}

const getAtt = (prefix: string) => ({ 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${prefix}[0-9A-F]{8}$`)), 'Arn'] });

describe('AuditTrail.addDataEvents', () => {
  test('EncryptedTables, ScopedFunctions and buckets in one call, each scoped to its exact ARN', () => {
    const { stack, trail } = defaultTrail();
    const findings = encryptedTable(stack);
    const ingest = scopedFunction(stack, 'Ingest');
    const query = scopedFunction(stack, 'Query');
    const uploads = new s3.Bucket(stack, 'Uploads');
    trail.addDataEvents(findings, ingest, query, uploads);

    expect(selectorsOf(stack)).toEqual([
      MANAGEMENT,
      dataSelector('AWS::DynamoDB::Table', 'all', { Equals: [getAtt('Findings')] }),
      dataSelector('AWS::Lambda::Function', 'all', { Equals: [getAtt('Ingest'), getAtt('Query')] }),
      dataSelector('AWS::S3::Object', 'all', { StartsWith: [{ 'Fn::Join': ['', [getAtt('Uploads'), '/']] }] }),
    ]);
  });

  test('plain L2 tables (Table and TableV2), functions and imported resources work too', () => {
    const { stack, trail } = defaultTrail();
    const table = new dynamodb.Table(stack, 'Plain', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const tableV2 = new dynamodb.TableV2(stack, 'V2', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const fn = new lambda.Function(stack, 'Fn', { code: CODE, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
    const importedFn = lambda.Function.fromFunctionArn(stack, 'Other', 'arn:aws:lambda:us-east-1:111111111111:function:other');
    const importedTable = dynamodb.Table.fromTableArn(stack, 'OtherTable', 'arn:aws:dynamodb:us-east-1:111111111111:table/other');
    trail.addDataEvents(table, tableV2, importedTable, fn, importedFn);

    const [, tables, functions] = selectorsOf(stack);
    expect(tables.FieldSelectors[2]).toEqual({
      Field: 'resources.ARN',
      Equals: [getAtt('Plain'), getAtt('V2'), 'arn:aws:dynamodb:us-east-1:111111111111:table/other'],
    });
    expect(functions.FieldSelectors[2]).toEqual({
      Field: 'resources.ARN',
      Equals: [getAtt('Fn'), 'arn:aws:lambda:us-east-1:111111111111:function:other'],
    });
  });

  test("an object holding its function as 'function' is recorded by that function", () => {
    const { stack, trail } = defaultTrail();
    const fn = new lambda.Function(stack, 'Fn', { code: CODE, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
    const wrapper = Object.assign(new sqs.Queue(stack, 'NotAFunction'), { function: fn });
    delete (wrapper as any).queueArn;
    trail.addDataEvents(wrapper);
    expect(selectorsOf(stack)[1].FieldSelectors[2]).toEqual({ Field: 'resources.ARN', Equals: [getAtt('Fn')] });
  });

  test('a resource registered twice is recorded once', () => {
    const { stack, trail } = defaultTrail();
    const findings = encryptedTable(stack);
    trail.addDataEvents(findings, findings);
    trail.addDataEvents(findings);
    trail.addTable(findings.table);
    expect(selectorsOf(stack)[1].FieldSelectors[2].Equals).toHaveLength(1);
  });

  test("the trail's dataEventFilter applies to addDataEvents", () => {
    const { stack, trail } = defaultTrail({ dataEventFilter: EventFilter.WRITE_ONLY });
    trail.addDataEvents(encryptedTable(stack));
    expect(selectorsOf(stack)[1]).toEqual(dataSelector('AWS::DynamoDB::Table', 'write-only', { Equals: [getAtt('Findings')] }, 'false'));
  });

  test('typed methods take a filter per call: one selector per resource type and filter', () => {
    const { stack, trail } = defaultTrail();
    const findings = encryptedTable(stack);
    const mapping = encryptedTable(stack, 'Mapping');
    const ingest = scopedFunction(stack, 'Ingest');
    const uploads = new s3.Bucket(stack, 'Uploads');
    trail.addTable(findings.table, { filter: EventFilter.WRITE_ONLY });
    trail.addTable(mapping.table, { filter: EventFilter.READ_ONLY });
    trail.addFunction(ingest.function);
    trail.addBucket(uploads, { filter: EventFilter.READ_ONLY });

    expect(selectorsOf(stack)).toEqual([
      MANAGEMENT,
      dataSelector('AWS::DynamoDB::Table', 'write-only', { Equals: [getAtt('Findings')] }, 'false'),
      dataSelector('AWS::DynamoDB::Table', 'read-only', { Equals: [getAtt('Mapping')] }, 'true'),
      dataSelector('AWS::Lambda::Function', 'all', { Equals: [getAtt('Ingest')] }),
      dataSelector('AWS::S3::Object', 'read-only', { StartsWith: [{ 'Fn::Join': ['', [getAtt('Uploads'), '/']] }] }, 'true'),
    ]);
  });

  test('resources registered after other constructs still land in the template', () => {
    const { stack, trail } = defaultTrail();
    const early = encryptedTable(stack, 'Early');
    trail.addDataEvents(early);
    const late = encryptedTable(stack, 'Late');
    trail.addDataEvents(late);
    expect(selectorsOf(stack)[1].FieldSelectors[2].Equals).toEqual([getAtt('Early'), getAtt('Late')]);
  });

  test('the reference app: with the table and functions registered, the library pack finds no data-event gap', () => {
    const { stack, trail } = defaultTrail();
    const findings = encryptedTable(stack);
    const ingest = scopedFunction(stack, 'Ingest');
    const query = scopedFunction(stack, 'Query');
    const dataEventGaps = () => nagFindings(stack, [new SecureServerlessChecks()])
      .filter((finding) => /DataEvents/.test(finding.rule))
      .map((finding) => `${finding.rule} @ ${finding.path}`);
    expect(dataEventGaps()).toEqual([
      'SecureServerless-DynamoDbTableDataEvents @ Test/Findings/Resource/Resource',
      'SecureServerless-LambdaFunctionDataEvents @ Test/Ingest/Resource/Resource',
      'SecureServerless-LambdaFunctionDataEvents @ Test/Query/Resource/Resource',
    ]);
    trail.addDataEvents(findings, ingest, query);
    expect(dataEventGaps()).toEqual([]);
  });
});

describe('AuditTrail.addDataEvents refuses what it can not record', () => {
  test('a construct that is not a table, function or bucket', () => {
    const { stack, trail } = defaultTrail();
    const queue = new sqs.Queue(stack, 'Queue');
    expect(() => trail.addDataEvents(queue)).toThrow(
      /^\[Test\/Audit\] addDataEvents: Test\/Queue \(aws-cdk-lib\.aws_sqs\.Queue\) is not a DynamoDB table, Lambda function or S3 bucket, so it has no data events to record\. Fix: pass EncryptedTables, ScopedFunctions/);
  });

  test('typed methods check at run time too, for bindings without static types', () => {
    const { stack, trail } = defaultTrail();
    const queue = new sqs.Queue(stack, 'Queue');
    expect(() => trail.addTable(queue as any)).toThrow(withCode('AuditTrail.NoDataEvents'));
    expect(() => trail.addFunction(queue as any)).toThrow(withCode('AuditTrail.NoDataEvents'));
    expect(() => trail.addBucket(queue as any)).toThrow(withCode('AuditTrail.NoDataEvents'));
  });

  test("the trail's own bucket, whose data events would feed themselves", () => {
    const { trail } = defaultTrail();
    expect(() => trail.addDataEvents(trail.bucket)).toThrow(withCode('AuditTrail.OwnBucketRecorded'));
    expect(() => trail.addBucket(trail.bucket)).toThrow(withCode('AuditTrail.OwnBucketRecorded'));
  });

  test("CloudTrail's quota of 500 condition values per trail: 500 pass, 501 fail naming the count", () => {
    const { stack, trail } = defaultTrail();
    // management (1 value) + one Lambda selector (eventCategory, resources.type and the ARNs)
    const functions = Array.from({ length: 497 }, (_, index) =>
      lambda.Function.fromFunctionArn(stack, `Fn${index}`, `arn:aws:lambda:us-east-1:111111111111:function:fn-${index}`));
    trail.addDataEvents(...functions);
    expect(selectorsOf(stack)[1].FieldSelectors[2].Equals).toHaveLength(497);

    const oneMore = lambda.Function.fromFunctionArn(stack, 'OneMore', 'arn:aws:lambda:us-east-1:111111111111:function:one-more');
    expect(() => trail.addFunction(oneMore)).toThrow(
      /\[Test\/Audit\] addFunction: the trail's advanced event selectors would hold 501 condition values, over CloudTrail's quota of 500 per trail\. Fix: register the remaining resources with a second AuditTrail/);
  });

  test('an unresolved ARN of any shape is taken as given', () => {
    const { stack, trail } = defaultTrail();
    const fn = lambda.Function.fromFunctionArn(stack, 'Lazy', Lazy.string({ produce: () => 'arn:aws:lambda:us-east-1:111111111111:function:lazy' }));
    trail.addDataEvents(fn);
    expect(selectorsOf(stack)[1].FieldSelectors[2].Equals).toEqual(['arn:aws:lambda:us-east-1:111111111111:function:lazy']);
  });
});
