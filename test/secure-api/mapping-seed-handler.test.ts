import * as sdk from '@aws-sdk/client-dynamodb';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { createMappingTable, localDynamoDb } from './runtime/mapping-table';
import { SEED_HANDLER } from '../../src/secure-api/authorization/mapping-seed';
import { DynamoDbLocal, localSdkEnvironment, startDynamoDbLocal } from '../support/dynamodb-local';
import { runInlineHandler } from '../support/inline-handler';

/**
 * The inline mapping writer as CloudFormation runs it: create, update and delete events against a
 * real table in DynamoDB Local, answered to a local server standing in for the response URL.
 */
const TABLE = 'ou-mapping-seed-test';
const WRITER = 'Stack/Api';
let dynamoDb: DynamoDbLocal;
let client: DynamoDBClient;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamoDb = await startDynamoDbLocal();
  client = localDynamoDb(dynamoDb.endpoint);
  await createMappingTable(client, TABLE);
  Object.assign(process.env, {
    ...localSdkEnvironment(dynamoDb.endpoint),
  });
});

afterAll(async () => {
  process.env = savedEnv;
  client?.destroy();
  await dynamoDb?.stop();
});

type Item = Record<string, unknown>;
const item = (ou: string, routes: string[]): Item => ({ ou: { S: ou }, routes: { L: routes.map((route) => ({ S: route })) } });
const properties = (items: Item[], writtenBy = WRITER) => ({ TableName: TABLE, Items: JSON.stringify(items), WrittenBy: writtenBy });

/** Runs one event through the handler source the construct deploys, with the given SDK module. */
function run(event: Record<string, unknown>, dynamoDbModule: unknown = sdk): Promise<any> {
  return runInlineHandler(SEED_HANDLER, { '@aws-sdk/client-dynamodb': dynamoDbModule }, event);
}

async function tableItems(): Promise<Record<string, any>> {
  const { Items = [] } = await client.send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }));
  return Object.fromEntries(Items.map((stored) => [stored.ou.S, stored]));
}

beforeEach(async () => {
  for (const ou of Object.keys(await tableItems())) {
    await client.send(new DeleteItemCommand({ TableName: TABLE, Key: { ou: { S: ou } } }));
  }
});

describe('the OU mapping writer against DynamoDB Local', () => {
  test('Create writes every declared item, marked as written by the API', async () => {
    const answer = await run({ RequestType: 'Create', ResourceProperties: properties([item('scanners', ['POST /findings']), item('customers', ['GET /x'])]) });

    expect(answer).toMatchObject({ method: 'PUT', Status: 'SUCCESS', RequestId: 'request', StackId: 'stack', LogicalResourceId: 'Seed' });
    expect(await tableItems()).toEqual({
      scanners: { ou: { S: 'scanners' }, routes: { L: [{ S: 'POST /findings' }] }, writtenBy: { S: WRITER } },
      customers: { ou: { S: 'customers' }, routes: { L: [{ S: 'GET /x' }] }, writtenBy: { S: WRITER } },
    });
  });

  test('Update rewrites the declared items and deletes the OUs no longer declared', async () => {
    const before = [item('scanners', ['POST /findings']), item('customers', ['GET /x']), item('auditors', ['GET /y'])];
    await run({ RequestType: 'Create', ResourceProperties: properties(before) });

    const answer = await run({
      RequestType: 'Update',
      ResourceProperties: properties([item('scanners', ['POST /findings', 'GET /z'])]),
      OldResourceProperties: properties(before),
      PhysicalResourceId: 'Seed',
    });

    expect(answer.Status).toBe('SUCCESS');
    const items = await tableItems();
    expect(Object.keys(items)).toEqual(['scanners']);
    expect(items.scanners.routes).toEqual({ L: [{ S: 'POST /findings' }, { S: 'GET /z' }] });
  });

  test('Update never deletes an item an operator wrote or rewrote by hand', async () => {
    const before = [item('customers', ['GET /x']), item('auditors', ['GET /y'])];
    await run({ RequestType: 'Create', ResourceProperties: properties(before) });
    // An operator takes over `customers` (their own item, without the writer's mark) and adds `partners`.
    await client.send(new PutItemCommand({ TableName: TABLE, Item: item('customers', ['GET /x', 'GET /w']) as never }));
    await client.send(new PutItemCommand({ TableName: TABLE, Item: item('partners', ['GET /p']) as never }));

    await run({ RequestType: 'Update', ResourceProperties: properties([]), OldResourceProperties: properties(before), PhysicalResourceId: 'Seed' });

    expect(Object.keys(await tableItems()).sort()).toEqual(['customers', 'partners']);
  });

  test('Update to another table or another writer deletes nothing from the old one', async () => {
    const before = [item('customers', ['GET /x'])];
    await run({ RequestType: 'Create', ResourceProperties: properties(before) });

    await run({
      RequestType: 'Update',
      ResourceProperties: properties([], 'Stack/Renamed'),
      OldResourceProperties: properties(before),
      PhysicalResourceId: 'Seed',
    });

    expect(Object.keys(await tableItems())).toEqual(['customers']);
  });

  test('Delete removes the items it wrote and keeps the rest', async () => {
    const declared = [item('customers', ['GET /x']), item('auditors', ['GET /y'])];
    await run({ RequestType: 'Create', ResourceProperties: properties(declared) });
    await client.send(new PutItemCommand({ TableName: TABLE, Item: item('auditors', ['GET /y']) as never })); // rewritten by hand

    const answer = await run({ RequestType: 'Delete', ResourceProperties: properties(declared), PhysicalResourceId: 'Seed' });

    expect(answer.Status).toBe('SUCCESS');
    expect(Object.keys(await tableItems())).toEqual(['auditors']);
    const { Item } = await client.send(new GetItemCommand({ TableName: TABLE, Key: { ou: { S: 'customers' } }, ConsistentRead: true }));
    expect(Item).toBeUndefined();
  });
});

describe('faults', () => {
  test('a failed write answers FAILED with the error name, not its message', async () => {
    const failing = {
      DynamoDBClient: class {
        public async send() {
          throw Object.assign(new Error('secret detail'), { name: 'AccessDeniedException' });
        }
      },
      PutItemCommand: class { constructor(public readonly input: unknown) {} },
      DeleteItemCommand: class { constructor(public readonly input: unknown) {} },
    };
    const answer = await run({ RequestType: 'Create', ResourceProperties: properties([item('x', ['GET /x'])]) }, failing);

    expect(answer.Status).toEqual('FAILED');
    expect(answer.Reason).toContain('AccessDeniedException');
    expect(answer.Reason).not.toContain('secret detail');
  });
});
