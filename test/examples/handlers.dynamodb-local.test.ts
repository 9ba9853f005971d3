import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ingestHandler } from '../../examples/lambda/ingest';
import { queryHandler } from '../../examples/lambda/query';
import { DynamoDbLocal, localClientConfig, startDynamoDbLocal } from '../support/dynamodb-local';

const TABLE = 'findings';
let local: DynamoDbLocal;
let client: DynamoDBClient;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  client = new DynamoDBClient(localClientConfig(local.endpoint));
  // The table as the example app's EncryptedTable defines it.
  await client.send(new CreateTableCommand({
    TableName: TABLE,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'orgId', KeyType: 'HASH' }, { AttributeName: 'findingId', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'orgId', AttributeType: 'S' }, { AttributeName: 'findingId', AttributeType: 'S' }],
  }));
});

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));

const scanner = { ou: 'scanners', certificateSerial: '01' };
const acme = { ou: 'customers-acme', orgId: 'acme', certificateSerial: '02' };
const globex = { ou: 'customers-globex', orgId: 'globex', certificateSerial: '03' };

describe('ingest (POST /findings)', () => {
  test('stores a finding with parameterized values, once', async () => {
    const ingest = ingestHandler(client, TABLE);
    const body = { orgId: 'acme', findingId: 'CVE-2026-0001', severity: 'HIGH', title: "x' OR '1'='1" };
    expect(await ingest({ body, caller: scanner, requestId: 'r1' })).toEqual({ statusCode: 201, body: { orgId: 'acme', findingId: 'CVE-2026-0001' } });
    const stored = await client.send(new GetItemCommand({ TableName: TABLE, Key: { orgId: { S: 'acme' }, findingId: { S: 'CVE-2026-0001' } } }));
    expect(stored.Item?.title?.S).toEqual("x' OR '1'='1");
    expect(stored.Item?.reportedBy?.S).toEqual('scanners');

    expect((await ingest({ body, caller: scanner })).statusCode).toEqual(409);
  });

  test.each([
    ['no body', undefined],
    ['an array', []],
    ['a string', 'text'],
    ['no orgId', { findingId: 'f', severity: 'LOW' }],
    ['an unknown severity', { orgId: 'acme', findingId: 'f', severity: 'URGENT' }],
    ['a path in orgId', { orgId: 'acme/../globex', findingId: 'f', severity: 'LOW' }],
    ['a 200-character findingId', { orgId: 'acme', findingId: 'f'.repeat(200), severity: 'LOW' }],
    ['a 600-character title', { orgId: 'acme', findingId: 'f', severity: 'LOW', title: 'x'.repeat(600) }],
  ])('rejects a finding with %s with 400', async (_label, body) => {
    const result = await ingestHandler(client, TABLE)({ body, caller: scanner });
    expect(result.statusCode).toEqual(400);
  });

  test('a scanner mapped to one organization cannot write for another', async () => {
    const result = await ingestHandler(client, TABLE)({ body: { orgId: 'globex', findingId: 'f1', severity: 'LOW' }, caller: acme });
    expect(result).toEqual({ statusCode: 403, body: { message: 'Forbidden', requestId: undefined } });
  });

  test('a DynamoDB failure is a 500 without internals', async () => {
    const result = await ingestHandler(client, 'no-such-table')({ body: { orgId: 'acme', findingId: 'f2', severity: 'LOW' }, caller: scanner, requestId: 'r9' });
    expect(result).toEqual({ statusCode: 500, body: { message: 'Internal server error', requestId: 'r9' } });
  });
});

describe('query (GET /findings/{orgId})', () => {
  beforeAll(async () => {
    const ingest = ingestHandler(client, TABLE);
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await ingest({ body: { orgId: 'acme', findingId: 'a-1', severity: 'LOW' }, caller: scanner });
    await ingest({ body: { orgId: 'globex', findingId: 'g-1', severity: 'CRITICAL', title: 'secret' }, caller: scanner });
  });

  test("returns the caller's organization's findings", async () => {
    const result = await queryHandler(client, TABLE)({ path: { orgId: 'acme' }, caller: acme });
    expect(result.statusCode).toEqual(200);
    const body = result.body as any;
    expect(body.orgId).toEqual('acme');
    expect(body.findings.map((finding: any) => finding.findingId).sort()).toEqual(['CVE-2026-0001', 'a-1']);
    expect(JSON.stringify(body)).not.toContain('globex');
  });

  test("a cross-org read attempt is refused and returns none of the other organization's findings", async () => {
    const result = await queryHandler(client, TABLE)({ path: { orgId: 'globex' }, caller: acme, requestId: 'r2' });
    expect(result).toEqual({ statusCode: 403, body: { message: 'Forbidden', requestId: 'r2' } });
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  test('a caller without an organization reads nothing', async () => {
    expect((await queryHandler(client, TABLE)({ path: { orgId: 'acme' }, caller: scanner })).statusCode).toEqual(403);
    expect((await queryHandler(client, TABLE)({ path: { orgId: 'acme' } })).statusCode).toEqual(403);
  });

  test('a malformed organization id is a 400', async () => {
    expect((await queryHandler(client, TABLE)({ path: { orgId: "acme' OR '1'='1" }, caller: acme })).statusCode).toEqual(400);
  });

  test('globex reads its own findings', async () => {
    const result = await queryHandler(client, TABLE)({ path: { orgId: 'globex' }, caller: globex });
    expect((result.body as any).findings).toEqual([{ findingId: 'g-1', severity: 'CRITICAL', title: 'secret', receivedAt: expect.any(String) }]);
  });
});
