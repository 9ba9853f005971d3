import { AddressInfo, createServer, Server, Socket } from 'node:net';
import type { GetItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { authorizerOf, expectUnauthorized, GOOD_ITEM, mappingStore, NOT_REVOKED, revocationList } from './authorizer-parts';
import { name as dn, requestEvent, STAGE_PREFIX } from './events';
import { LogCapture } from './log-capture';
import { AuthorizerHandler } from '../../../src/secure-api/runtime/authorizer';
import { readConfiguration } from '../../../src/secure-api/runtime/configuration';
import { dynamoDbReader } from '../../../src/secure-api/runtime/dynamodb-reader';
import { GetTableItem } from '../../../src/secure-api/runtime/table-read';

/**
 * Failures DynamoDB Local can't be made to produce on demand. A stubbed reader stands in for
 * throttling, odd items and hangs; real sockets for refused connections and silent servers.
 */
/** The issuer of the test events' certificates, trusted as the construct would configure it. */
const TRUSTED_ISSUERS = readConfiguration({ TRUSTED_ISSUERS: JSON.stringify(['CN=Example Private CA,O=Example Corp,C=US']) }).trustedIssuers;
const EVENT = requestEvent({ subject: dn('OU=customers', 'CN=portal') });
/** An authorizer whose mapping reads go to `getItem`, and whose revocation reads to `revocationGetItem`. */
function authorizer(
  getItem: GetTableItem, lookupTimeoutMillis = 200, revocationGetItem = NOT_REVOKED,
): { handler: AuthorizerHandler; logs: LogCapture } {
  return authorizerOf({
    store: mappingStore(getItem, { lookupTimeoutMillis }),
    revocations: revocationList(revocationGetItem, { lookupTimeoutMillis }),
    trustedIssuers: TRUSTED_ISSUERS,
  });
}

function serviceError(name: string): Error {
  return Object.assign(new Error(`${name}: Rate exceeded for table arn:aws:dynamodb:eu-west-1:123456789012:table/mapping`), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

describe('DynamoDB failures refuse with Unauthorized and are not cached', () => {
  test.each([
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'RequestLimitExceeded',
    'InternalServerError',
    'AccessDeniedException',
    'ResourceNotFoundException',
  ])('%s', async (name) => {
    let failing = true;
    const { handler, logs } = authorizer(async () => {
      if (failing) throw serviceError(name);
      return { Item: GOOD_ITEM, $metadata: {} };
    });

    await expectUnauthorized(handler(EVENT));
    expect(logs.lines).toEqual([expect.objectContaining({
      decision: 'deny', reason: 'mapping-lookup-failed', cause: name, ou: 'customers', certificateSerial: '4a:9f:0c:33:12',
    })]);

    failing = false;
    const recovered = await handler(EVENT);
    expect(recovered.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: [`${STAGE_PREFIX}/GET/findings/*`] });
  });

  test('a read that never answers hits the deadline', async () => {
    const { handler, logs } = authorizer(() => new Promise<GetItemCommandOutput>(() => undefined), 50);
    const started = Date.now();

    await expectUnauthorized(handler(EVENT));

    expect(Date.now() - started).toBeLessThan(1000);
    expect(logs.last).toMatchObject({ reason: 'mapping-lookup-failed', cause: 'TimeoutError' });
  });

  test('a reader that throws synchronously', async () => {
    const { handler, logs } = authorizer(() => {
      throw new TypeError('boom');
    });

    await expectUnauthorized(handler(EVENT));
    expect(logs.last).toMatchObject({ reason: 'mapping-lookup-failed', cause: 'TypeError' });
  });

  test('an error with a hostile name is logged as a plain Error', async () => {
    const { handler, logs } = authorizer(async () => {
      throw Object.assign(new Error('x'), { name: '"}\n{"decision":"allow' });
    });

    await expectUnauthorized(handler(EVENT));
    expect(logs.last).toMatchObject({ decision: 'deny', cause: 'Error' });
  });
});

describe('revocation look-up failures refuse with Unauthorized and are not cached', () => {
  test.each(['ThrottlingException', 'AccessDeniedException', 'ResourceNotFoundException'])('%s', async (name) => {
    let failing = true;
    const { handler, logs } = authorizer(async () => ({ Item: GOOD_ITEM, $metadata: {} }), 200, async () => {
      if (failing) throw serviceError(name);
      return { $metadata: {} };
    });

    await expectUnauthorized(handler(EVENT));
    expect(logs.lines).toEqual([expect.objectContaining({ decision: 'deny', reason: 'revocation-lookup-failed', cause: name })]);

    failing = false;
    expect((await handler(EVENT)).policyDocument.Statement[0].Effect).toBe('Allow');
  });

  test('a revocation read that never answers hits the deadline', async () => {
    const { handler, logs } = authorizer(async () => ({ Item: GOOD_ITEM, $metadata: {} }), 50,
      () => new Promise<GetItemCommandOutput>(() => undefined));
    await expectUnauthorized(handler(EVENT));
    expect(logs.last).toMatchObject({ reason: 'revocation-lookup-failed' });
  });

  // Two items are read per certificate (revocation-format.ts): under the canonical key
  // (`<serial>/TYPE="value"...`, JSON-quoted values) and under API Gateway's issuerDN. One clean
  // "no item" must not outvote the other read's failure, whichever key fails.
  test.each([
    ['the canonical key fails, the rendered one has no item', true],
    ['the rendered key fails, the canonical one has no item', false],
  ])('two-key revocation look-up: %s', async (_, canonicalFails) => {
    let failing = true;
    const keysRead: string[] = [];
    const { handler, logs } = authorizer(async () => ({ Item: GOOD_ITEM, $metadata: {} }), 200, async (input) => {
      const key = input.Key!.certificate.S!;
      keysRead.push(key);
      if (failing && key.includes('="') === canonicalFails) throw serviceError('ThrottlingException');
      return { $metadata: {} };
    });

    await expectUnauthorized(handler(EVENT));
    // Both keys were asked: the canonical one and API Gateway's rendering.
    expect(keysRead).toHaveLength(2);
    expect(keysRead).toContain('4A9F0C3312/CN=Example Private CA,O=Example Corp,C=US');
    expect(keysRead.filter((key) => key.includes('="'))).toHaveLength(1);
    expect(logs.lines).toEqual([expect.objectContaining({ decision: 'deny', reason: 'revocation-lookup-failed', cause: 'ThrottlingException' })]);

    failing = false;
    expect((await handler(EVENT)).policyDocument.Statement[0].Effect).toBe('Allow');
  });

  test('two-key revocation look-up: one key fails while the other finds the item', async () => {
    const { handler, logs } = authorizer(async () => ({ Item: GOOD_ITEM, $metadata: {} }), 200, async (input) => {
      if (input.Key!.certificate.S!.includes('="')) return { Item: { certificate: input.Key!.certificate }, $metadata: {} };
      throw serviceError('ThrottlingException');
    });
    await expectUnauthorized(handler(EVENT));
    expect(logs.last).toMatchObject({ decision: 'deny', reason: 'revocation-lookup-failed' });
  });

  test('a reply that is not a GetItem output counts as revoked', async () => {
    const { handler, logs } = authorizer(async () => ({ Item: GOOD_ITEM, $metadata: {} }), 200, async () => 'odd' as never);
    expect((await handler(EVENT)).policyDocument.Statement[0].Effect).toBe('Deny');
    expect(logs.last).toMatchObject({ reason: 'certificate-revoked' });
  });
});

describe('malformed items deny the OU with a Deny policy', () => {
  test.each([
    ['no Item shape at all', { Item: 'customers' }],
    ['a null output', null],
    ['an item for another OU', { Item: { ...GOOD_ITEM, ou: { S: 'admins' } } }],
    ['routes that are not strings', { Item: { ou: { S: 'customers' }, routes: { L: [{ M: {} }] } } }],
    ['a route with a wildcard', { Item: { ou: { S: 'customers' }, routes: { L: [{ S: 'ANY /{proxy+}' }, { S: 'GET /*' }] } } }],
    ['a context forging the serial', { Item: { ...GOOD_ITEM, context: { M: { certificateSerial: { S: '1' } } } } }],
  ])('%s', async (_, output) => {
    const { handler, logs } = authorizer(async () => output as never);

    const response = await handler(EVENT);

    expect(response.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: '*' }]);
    expect(logs.lines).toEqual([expect.objectContaining({ decision: 'deny', reason: 'malformed-mapping' })]);
  });
});

describe('the process around the decision', () => {
  test('a function without a revocation table name refuses everything', async () => {
    const { handler, logs } = authorizerOf({ revocations: undefined, trustedIssuers: TRUSTED_ISSUERS });

    await expectUnauthorized(handler(EVENT));
    expect(logs.last).toMatchObject({ decision: 'deny', reason: 'misconfigured' });
  });

  test('a function without a table name refuses everything', async () => {
    const { handler, logs } = authorizerOf({ store: undefined, revocations: undefined, revocationLists: undefined, trustedIssuers: TRUSTED_ISSUERS });

    await expectUnauthorized(handler(EVENT));
    expect(logs.last).toMatchObject({ decision: 'deny', reason: 'misconfigured' });
  });

  test('a broken log stream does not break the decision', async () => {
    const { handler } = authorizerOf({ trustedIssuers: TRUSTED_ISSUERS, write: () => { throw new Error('EPIPE'); } });

    expect((await handler(EVENT)).policyDocument.Statement[0].Effect).toBe('Allow');
  });
});

describe('the real SDK client on a bad network', () => {
  const saved = { ...process.env };
  let silentServer: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    silentServer = createServer((socket) => sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_EC2_METADATA_DISABLED: 'true',
    });
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silentServer.close(resolve));
    process.env = saved;
  });

  async function refusedWith(endpoint: string): Promise<LogCapture> {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
    const { handler, logs } = authorizer(dynamoDbReader(), 2000);
    await expectUnauthorized(handler(EVENT));
    return logs;
  }

  test('a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const logs = await refusedWith(`http://127.0.0.1:${port}`);

    expect(logs.last).toMatchObject({ decision: 'deny', reason: 'mapping-lookup-failed' });
  });

  test('a server that never answers (the SDK request timeout and the lookup deadline)', async () => {
    const started = Date.now();

    const logs = await refusedWith(`http://127.0.0.1:${(silentServer.address() as AddressInfo).port}`);

    expect(Date.now() - started).toBeLessThan(3000);
    expect(logs.last).toMatchObject({ decision: 'deny', reason: 'mapping-lookup-failed' });
  });
});
