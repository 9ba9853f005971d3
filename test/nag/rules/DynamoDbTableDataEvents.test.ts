import { App, Stack, Stage } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import { findingsOf, flaggedPaths, newStack, parameter, severityOf } from '../rule-findings';

const RULE = 'DynamoDbTableDataEvents';
const TYPE = 'AWS::DynamoDB::Table';
const partitionKey = { name: 'pk', type: ddb.AttributeType.STRING };

type FieldSelector = cloudtrail.CfnTrail.AdvancedFieldSelectorProperty;

function dataSelector(...arnConditions: Array<Omit<FieldSelector, 'field'>>): cloudtrail.CfnTrail.AdvancedEventSelectorProperty {
  return {
    fieldSelectors: [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: [TYPE] },
      ...arnConditions.map((condition) => ({ field: 'resources.ARN', ...condition })),
    ],
  };
}

type Selector = cloudtrail.CfnTrail.AdvancedEventSelectorProperty;

function withField(selector: Selector, field: FieldSelector): Selector {
  return { fieldSelectors: [...(selector.fieldSelectors as FieldSelector[]), field] };
}

function trail(stack: Stack, id: string, props: Partial<cloudtrail.CfnTrailProps>): cloudtrail.CfnTrail {
  return new cloudtrail.CfnTrail(stack, id, { isLogging: true, s3BucketName: 'trail-bucket', ...props });
}

function table(stack: Stack, id: string, tableName?: string): ddb.CfnTable {
  return new ddb.CfnTable(stack, id, {
    tableName,
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
    attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
  });
}

describe(RULE, () => {
  test('Noncompliance 1: L1 tables excluded by NotEquals, selected only by a stopped trail, or not selected', () => {
    const stack = newStack();
    const covered = table(stack, 'Covered');
    table(stack, 'CoveredByPrefix');
    const excluded = table(stack, 'Excluded');
    const stopped = table(stack, 'StoppedButPrefixed');
    trail(stack, 'Trail', {
      advancedEventSelectors: [
        dataSelector({ equalTo: [covered.attrArn] }),
        dataSelector({ startsWith: ['arn:aws:dynamodb:us-east-1:111111111111:table/'], notEquals: [excluded.attrArn] }),
      ],
    });
    trail(stack, 'StoppedTrail', { isLogging: false, advancedEventSelectors: [dataSelector({ equalTo: [stopped.attrArn] })] });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Excluded']);

    const other = newStack('Other');
    const onlyStopped = table(other, 'Stopped');
    table(other, 'Uncovered');
    trail(other, 'StoppedTrail', { isLogging: false, advancedEventSelectors: [dataSelector({ equalTo: [onlyStopped.attrArn] })] });
    expect(flaggedPaths(other, RULE)).toEqual(['Other/Stopped', 'Other/Uncovered']);
    expect(severityOf(stack, RULE)).toEqual(['warning']);
  });

  test('Noncompliance 2: an L2 table beside an L2 trail with management events only', () => {
    const stack = newStack();
    new ddb.Table(stack, 'Table', { partitionKey });
    new cloudtrail.Trail(stack, 'Trail');
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Table/Resource']);
  });

  test('Noncompliance 3: selector values that cannot be read prove nothing', () => {
    const stack = newStack();
    table(stack, 'Table');
    trail(stack, 'Trail', { advancedEventSelectors: [dataSelector({ equalTo: [{ 'Fn::If': ['Cond', 'a', 'b'] } as any] })] });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Table']);
  });

  test('Noncompliance 4: selectors that record only reads, only writes, or only some events (readOnly, ReadWriteType, eventName)', () => {
    // AdvancedFieldSelector: "A value of true logs only read events. A value of false logs only write events."
    const stack = newStack();
    const readsOnly = table(stack, 'ReadsOnly');
    const writesOnly = table(stack, 'WritesOnly');
    const someEvents = table(stack, 'SomeEvents');
    const someCallers = table(stack, 'SomeCallers');
    const basicReads = table(stack, 'BasicReads');
    trail(stack, 'Trail', {
      advancedEventSelectors: [
        withField(dataSelector({ equalTo: [readsOnly.attrArn] }), { field: 'readOnly', equalTo: ['true'] }),
        withField(dataSelector({ equalTo: [writesOnly.attrArn] }), { field: 'readOnly', notEquals: ['true'] }),
        withField(dataSelector({ equalTo: [someEvents.attrArn] }), { field: 'eventName', equalTo: ['PutItem', 'GetItem'] }),
        withField(dataSelector({ equalTo: [someCallers.attrArn] }), { field: 'userIdentity.arn', notStartsWith: ['arn:aws:sts::111111111111:assumed-role/etl'] }),
      ],
    });
    trail(stack, 'BasicTrail', { eventSelectors: [{ readWriteType: 'ReadOnly', dataResources: [{ type: TYPE, values: [basicReads.attrArn] }] }] });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/BasicReads', 'Stack/ReadsOnly', 'Stack/SomeCallers', 'Stack/SomeEvents', 'Stack/WritesOnly']);
  });

  test('Noncompliance 5: a trail in another region (single-region) or another account does not record the table', () => {
    // AWS::CloudTrail::Trail IsMultiRegionTrail: "Specifies whether the trail applies only to the current Region or to all Regions. The default is false."
    const app = new App();
    const data = newStack('Data', app);
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '111111111111', region: 'eu-west-1' } });
    const l2 = new ddb.Table(data, 'Table', { partitionKey });
    trail(elsewhere, 'Trail', { advancedEventSelectors: [dataSelector({ equalTo: [l2.tableArn] })] });

    const otherAccount = new Stage(app, 'OtherAccount', { env: { account: '222222222222', region: 'us-east-1' } });
    trail(new Stack(otherAccount, 'Audit'), 'Trail', { isMultiRegionTrail: true, advancedEventSelectors: [dataSelector()] });

    table(data, 'Named', 'orders');
    trail(data, 'ArnOfAnotherAccount', {
      advancedEventSelectors: [dataSelector({ equalTo: ['arn:aws:dynamodb:us-east-1:222222222222:table/orders'] })],
    });
    trail(data, 'PrefixOfAnotherRegion', {
      advancedEventSelectors: [dataSelector({ startsWith: ['arn:aws:dynamodb:eu-west-1:111111111111:table/'] })],
    });
    expect(flaggedPaths(app, RULE)).toEqual(['Data/Named', 'Data/Table/Resource']);
  });

  test('Noncompliance 6: a trail whose logging, or a store whose multi-region setting, is not known at synth time proves nothing', () => {
    const app = new App();
    const data = newStack('Data', app);
    new ddb.Table(data, 'Table', { partitionKey });
    trail(data, 'MaybeLogging', { isLogging: parameter(data, 'Logging').valueAsString as any, advancedEventSelectors: [dataSelector()] });
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '111111111111', region: 'eu-west-1' } });
    new cloudtrail.CfnEventDataStore(elsewhere, 'Store', {
      multiRegionEnabled: parameter(elsewhere, 'MultiRegion').valueAsString as any,
      advancedEventSelectors: [dataSelector() as cloudtrail.CfnEventDataStore.AdvancedEventSelectorProperty],
    });
    expect(flaggedPaths(app, RULE)).toEqual(['Data/Table/Resource']);
  });

  test('Compliance: exact ARNs, account prefixes, all tables, basic selectors, event data stores, names', () => {
    const stack = newStack();
    const exact = table(stack, 'Exact');
    table(stack, 'ByPrefix');
    table(stack, 'Named', 'orders');
    const l2 = new ddb.Table(stack, 'L2', { partitionKey });
    trail(stack, 'Trail', {
      advancedEventSelectors: [
        dataSelector({ equalTo: [exact.attrArn, l2.tableArn] }),
        dataSelector({ startsWith: [`arn:${stack.partition}:dynamodb:${stack.region}:${stack.account}:table/`] }),
        dataSelector({ equalTo: ['arn:aws:dynamodb:us-east-1:111111111111:table/orders'] }),
      ],
    });
    expect(findingsOf(stack, RULE)).toEqual([]);

    const allTables = newStack('AllTables');
    table(allTables, 'Table');
    trail(allTables, 'Trail', { advancedEventSelectors: [dataSelector()] });
    expect(findingsOf(allTables, RULE)).toEqual([]);

    const basic = newStack('Basic');
    table(basic, 'Table');
    trail(basic, 'Trail', { eventSelectors: [{ dataResources: [{ type: TYPE, values: [`arn:${basic.partition}:dynamodb`] }] }] });
    expect(findingsOf(basic, RULE)).toEqual([]);

    const lake = newStack('Lake');
    const lakeTable = table(lake, 'Table');
    new cloudtrail.CfnEventDataStore(lake, 'Store', {
      advancedEventSelectors: [dataSelector({ equalTo: [lakeTable.attrArn] }) as cloudtrail.CfnEventDataStore.AdvancedEventSelectorProperty],
    });
    expect(findingsOf(lake, RULE)).toEqual([]);
  });

  test('Compliance: reads and writes recorded by two selectors, and a multi-region trail in another region', () => {
    const stack = newStack();
    const split = table(stack, 'Split');
    trail(stack, 'Trail', {
      advancedEventSelectors: [
        withField(dataSelector({ equalTo: [split.attrArn] }), { field: 'readOnly', equalTo: ['true'] }),
        withField(dataSelector({ equalTo: [split.attrArn] }), { field: 'readOnly', equalTo: ['false'] }),
      ],
    });
    expect(findingsOf(stack, RULE)).toEqual([]);

    const app = new App();
    const data = newStack('Data', app);
    new ddb.Table(data, 'Table', { partitionKey });
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '111111111111', region: 'eu-west-1' } });
    trail(elsewhere, 'Trail', { isMultiRegionTrail: true, advancedEventSelectors: [dataSelector()] });
    expect(findingsOf(app, RULE)).toEqual([]);
  });

  test('Compliance: a trail in another stack, before and after synthesis (cross-stack exports)', () => {
    const app = new App();
    const data = newStack('Data', app);
    const audit = newStack('Audit', app);
    const l2 = new ddb.Table(data, 'Table', { partitionKey });
    trail(audit, 'Trail', { advancedEventSelectors: [dataSelector({ equalTo: [l2.tableArn] })] });
    expect(findingsOf(app, RULE)).toEqual([]);
    app.synth();
    expect(findingsOf(app, RULE)).toEqual([]);
  });
});
