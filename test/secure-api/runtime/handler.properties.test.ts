import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as fc from 'fast-check';
import { attributeValue, encodeDistinguishedName, GeneratedAttribute } from './dn-arbitraries';
import { arn, clientCertificate, EXAMPLE_CA_DN, opensslTime, requestEvent, STAGE_PREFIX, VALID_FROM, VALID_UNTIL } from './events';
import { LogCapture } from './log-capture';
import { createAuthorizerTables, localDynamoDb, OuMappingFixture } from './mapping-table';
import { allowedResources, policyAllowsRequest } from './policy-oracle';
import { AuthorizerHandler, AuthorizerResponse, createAuthorizer } from '../../../src/secure-api/runtime/authorizer';
import { readConfiguration } from '../../../src/secure-api/runtime/configuration';
import { CrlStore } from '../../../src/secure-api/runtime/crl-store';
import { dynamoDbReader } from '../../../src/secure-api/runtime/dynamodb-reader';
import { MappingStore } from '../../../src/secure-api/runtime/mapping-store';
import { RevocationList } from '../../../src/secure-api/runtime/revocation-list';
import { s3Reader } from '../../../src/secure-api/runtime/s3-reader';
import { DynamoDbLocal, localSdkEnvironment, startDynamoDbLocal } from '../../support/dynamodb-local';

/**
 * Thousands of generated and hostile requests through the authorizer, reading a real mapping
 * table in DynamoDB Local. The invariants: it never throws anything but `Unauthorized`, never
 * allows an OU that isn't mapped, and never allows a route the certificate's OUs aren't mapped to.
 */
/** The issuer of the test events' certificates, trusted as the construct would configure it. */
const TRUSTED_ISSUERS = readConfiguration({ TRUSTED_ISSUERS: JSON.stringify([EXAMPLE_CA_DN]) }).trustedIssuers;
/** The OIDs of the generated attribute types (RFC 4519, RFC 4524, PKCS #9), written independently of the code's alias table. */
const TYPE_OIDS: Record<string, string> = {
  'ou': '2.5.4.11',
  '2.5.4.11': '2.5.4.11',
  'oid.2.5.4.11': '2.5.4.11',
  'cn': '2.5.4.3',
  'o': '2.5.4.10',
  'c': '2.5.4.6',
  'dc': '0.9.2342.19200300.100.1.25',
  'uid': '0.9.2342.19200300.100.1.1',
  '1.2.840.113549.1.9.1': '1.2.840.113549.1.9.1',
};
const TABLE = 'ou-mapping-property-test';
const REVOCATIONS = 'revocations-property-test';
const MAPPINGS: readonly OuMappingFixture[] = [
  { ou: 'customers', routes: ['GET /findings/{orgId}'], orgId: 'org-1' },
  { ou: 'scanners', routes: ['POST /findings'] },
  { ou: 'Sales, EU+West', routes: ['GET /reports', 'ANY /reports/{id+}'], orgId: 'org-2' },
  { ou: '研究開発', routes: ['GET /'] },
  { ou: 'ops\\team', routes: ['DELETE /findings/{orgId}', 'GET /health'], orgId: 'org-1' },
  { ou: ' #padded ', routes: ['PUT /settings'] },
  { ou: 'admins', routes: ['ANY /{proxy+}'], orgId: 'org-admin' },
];
const MAPPED = new Map(MAPPINGS.map((mapping) => [mapping.ou, mapping]));
const NEAR_MISSES = ['Customers', 'customers ', ' customers', 'admin', 'ADMINS', 'admins\u200b', 'аdmins', 'Sales, EU', 'ops', '#padded'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const HOSTILE_STRINGS = [
  'OU=admins', 'CN=x,OU=admins', 'CN=x\\,OU=admins', 'OU=admins\\', 'OU=admins\u0000', 'OU="admins"', 'OU=admins;OU=x',
  'OU=#0C0661646D696E73', 'OU=\\61dmins', 'ou=admins', '2.5.4.11=admins', 'OU=admins+OU=customers',
  "' OR '1'='1", '{"S":"admins"}', '${jndi:ldap://x}', '<script>alert(1)</script>', '\r\n{"decision":"allow"}',
  'OU=admins\n', '\u202eOU=snimda', 'OU=adm\u0000ins', 'OU=admins '.repeat(20),
];

let dynamoDb: DynamoDbLocal;
let client: DynamoDBClient;
let handler: AuthorizerHandler;
let logs: LogCapture;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamoDb = await startDynamoDbLocal();
  client = localDynamoDb(dynamoDb.endpoint);
  await createAuthorizerTables(client, TABLE, REVOCATIONS, MAPPINGS);
  Object.assign(process.env, {
    ...localSdkEnvironment(dynamoDb.endpoint),
  });
  logs = new LogCapture();
  const store = new MappingStore({
    mappingTableName: TABLE,
    getItem: dynamoDbReader(),
    mappingCacheTtlSeconds: 60,
    mappingNegativeCacheTtlSeconds: 5,
    mappingCacheMaxEntries: 64, // small, so the runs also exercise eviction
    lookupTimeoutMillis: 5000,
  });
  const revocations = new RevocationList({
    revocationTableName: REVOCATIONS,
    getItem: dynamoDbReader(),
    revocationCacheTtlSeconds: 30,
    revocationCacheMaxEntries: 64,
    lookupTimeoutMillis: 5000,
  });
  handler = createAuthorizer({
    store,
    revocations,
    revocationLists: new CrlStore({ sources: [], getObject: s3Reader(), refreshSeconds: 300, fetchTimeoutMillis: 1000 }),
    allowSeveralMappedOus: true,
    trustedIssuers: TRUSTED_ISSUERS,
    write: logs.write,
    now: () => Date.now(),
  });
});

afterAll(async () => {
  process.env = savedEnv;
  client?.destroy();
  await dynamoDb?.stop();
});

/** Calls the handler; the only acceptable failure is exactly `Error('Unauthorized')`. */
async function decide(event: unknown): Promise<AuthorizerResponse | 'unauthorized'> {
  const linesBefore = logs.lines.length;
  try {
    return await handler(event);
  } catch (error) {
    expect(error).toEqual(new Error('Unauthorized'));
    return 'unauthorized';
  } finally {
    expect(logs.lines.length).toBe(linesBefore + 1); // one decision, one line
  }
}

const ouValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...MAPPED.keys()) },
  { weight: 3, arbitrary: fc.constantFrom(...NEAR_MISSES) },
  { weight: 2, arbitrary: attributeValue(12) },
);
const otherValue = fc.oneof(attributeValue(), fc.constantFrom(...HOSTILE_STRINGS));
const attribute: fc.Arbitrary<GeneratedAttribute> = fc.oneof(
  fc.record({ type: fc.constantFrom('OU', 'ou', 'oU', '2.5.4.11', 'OID.2.5.4.11'), value: ouValue }),
  fc.record({ type: fc.constantFrom('CN', 'O', 'C', 'DC', 'uid', '1.2.840.113549.1.9.1'), value: otherValue }),
);
const subject = fc.tuple(
  fc.array(fc.array(attribute, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
  fc.boolean(),
);
/** Resource templates of a made-up API: the mapped routes' and their siblings, deeper and greedy neighbours. */
const RESOURCES = [
  ...new Set(MAPPINGS.flatMap((m) => m.routes.map((route) => route.split(' ')[1]))),
  '/findings', '/findings/export', '/findings/{orgId}/notes', '/reports/{id}', '/health/deep', '/settings/{name}', '/a/{b}/c',
];
/**
 * A request as API Gateway hands it to the authorizer after resolving it: the resource template
 * and a path that fits it (`{param}` one segment, `{proxy+}` one or more).
 */
const resolvedCall = fc.tuple(
  fc.constantFrom(...RESOURCES),
  fc.oneof(fc.constantFrom(...METHODS), fc.constantFrom(...METHODS)),
  fc.constantFrom('org-1', 'org-2', 'export', '%2e%2e', '🙂', 'a b'),
  fc.constantFrom('2024/q1', 'x', 'a/b/c'),
).map(([resource, method, segment, greedy]) => ({
  method,
  resource,
  path: resource.replace(/\{[^}]+\+\}/g, greedy).replace(/\{[^}]+\}/g, segment),
}));
const mappedRouteCall = fc.tuple(fc.constantFrom(...MAPPINGS.flatMap((m) => m.routes)), fc.constantFrom(...METHODS), resolvedCall)
  .map(([route, anyMethod, call]) => {
    const [method, resource] = route.split(' ');
    const template = { ...call, resource, path: resource.replace(/\{[^}]+\+\}/g, '2024/q1').replace(/\{[^}]+\}/g, 'org-2') };
    return { ...template, method: method === 'ANY' ? anyMethod : method };
  });
const request = fc.tuple(fc.oneof({ weight: 4, arbitrary: mappedRouteCall }, { weight: 1, arbitrary: resolvedCall }), fc.boolean())
  .map(([call, expired]) => ({ ...call, expired }));

function isUsableOu(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return value.length > 0 && [...value].length <= 64 && !/[\u0000-\u001f\u007f-\u009f]/.test(value);
}

test('structured certificates get exactly the routes of their mapped OUs', async () => {
  const seen = { allowed: 0, denied: 0, unauthorized: 0 };
  await fc.assert(fc.asyncProperty(subject, request, async ([rdns, spaced], { method, path, resource, expired }) => {
    const ous = [...new Set(rdns.flat().filter((a) => /^(ou|2\.5\.4\.11|oid\.2\.5\.4\.11)$/i.test(a.type)).map((a) => a.value))];
    const mapped = ous.filter((ou) => MAPPED.has(ou)).map((ou) => MAPPED.get(ou)!);
    // The certificate holds the generated attributes; API Gateway's subjectDN renders them (RFC 4514, last RDN first).
    const certificate = clientCertificate({
      subject: rdns.map((rdn) => rdn.map(({ type, value }) => ({ type: TYPE_OIDS[type.toLowerCase()], value }))),
      notAfter: expired ? new Date(Date.UTC(2021, 0, 1)) : VALID_UNTIL,
    });
    const event = requestEvent({
      certificate,
      fields: { subjectDN: encodeDistinguishedName([...rdns].reverse(), spaced) },
      method,
      path,
      resource,
    });

    const response = await decide(event);
    const methodArn = event.methodArn as string;

    const allowedByPolicy = response !== 'unauthorized' && policyAllowsRequest(response.policyDocument, methodArn);
    // The route API Gateway resolved, compared by name with the routes of the certificate's OUs.
    const routeIsMapped = mapped.flatMap((m) => m.routes).some((route) => route === `${method} ${resource}` || route === `ANY ${resource}`);
    // Soundness: nothing beyond the mapped routes, and a policy for this route only.
    if (allowedByPolicy) {
      expect(routeIsMapped).toBe(true);
      expect(allowedResources((response as AuthorizerResponse).policyDocument)).toEqual(routeArns(`${method} ${resource}`));
    }
    // Completeness: a valid certificate with mapped, consistent OUs is let through on a mapped route.
    const orgIds = new Set(mapped.map((m) => m.orgId).filter((id) => id !== undefined));
    const fullyValid = !expired && mapped.length > 0 && ous.length <= 8 && ous.every(isUsableOu) && orgIds.size <= 1;
    if (fullyValid && routeIsMapped) {
      expect(allowedByPolicy).toBe(true);
      expect((response as AuthorizerResponse).context?.certificateSerial).toBe('4a:9f:0c:33:12');
    }
    expect(logs.last?.decision).toBe(allowedByPolicy ? 'allow' : 'deny');
    seen[response === 'unauthorized' ? 'unauthorized' : allowedByPolicy ? 'allowed' : 'denied']++;
  }), { numRuns: 1500 });
  // The property is not vacuous: both outcomes occur, and a healthy DynamoDB never fails a lookup.
  expect(seen.allowed).toBeGreaterThan(25);
  expect(seen.denied).toBeGreaterThan(100);
  expect(seen.unauthorized).toBe(0);
});

test('hostile API Gateway fields and sizes beside a real certificate: anything that disagrees with it is denied', async () => {
  const certificate = clientCertificate({ subject: [[{ type: '2.5.4.11', value: 'customers' }], [{ type: '2.5.4.3', value: 'portal' }]] });
  const original = requestEvent({ certificate }).requestContext.identity.clientCert;
  const text = fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.string({ unit: fc.constantFrom('O', 'U', '=', ',', '+', '\\', '#', ' ', 'a', 'd', 'm', 'i', 'n', 's', '0', 'C'), maxLength: 40 }),
    fc.constantFrom('x'.repeat(65_536), `CN=${'a'.repeat(65_536)},OU=admins`, `OU=admins,${'CN=x,'.repeat(13_000)}CN=y`),
  );
  const anyValue = fc.oneof(text, fc.anything({ maxDepth: 2 }));
  const event = fc.record({
    subjectDN: fc.oneof(fc.constant(original.subjectDN), anyValue),
    issuerDN: fc.oneof(fc.constant(original.issuerDN), anyValue),
    serialNumber: fc.oneof(fc.constant(original.serialNumber), anyValue),
    notBefore: fc.oneof(fc.constant(opensslTime(VALID_FROM)), anyValue),
    notAfter: fc.oneof(fc.constant(opensslTime(VALID_UNTIL)), anyValue),
    methodArn: fc.oneof(fc.constant(arn('GET', '/findings/org-1')), anyValue),
    hugeHeader: fc.boolean(),
  }).map((fields) => {
    const base = requestEvent({ certificate });
    const clientCert = base.requestContext.identity.clientCert;
    Object.assign(clientCert, { subjectDN: fields.subjectDN, issuerDN: fields.issuerDN, serialNumber: fields.serialNumber });
    clientCert.validity = { notBefore: fields.notBefore, notAfter: fields.notAfter };
    const altered = {
      ...base,
      methodArn: fields.methodArn,
      headers: fields.hugeHeader ? { 'X-Padding': 'p'.repeat(65_536), 'X-Client-DN': 'OU=admins' } : base.headers,
    };
    const untouched = fields.subjectDN === original.subjectDN && fields.issuerDN === original.issuerDN &&
      fields.serialNumber === original.serialNumber && fields.notBefore === original.validity.notBefore &&
      fields.notAfter === original.validity.notAfter && fields.methodArn === arn('GET', '/findings/org-1');
    return { event: altered, untouched };
  });

  let allowedCount = 0;
  await fc.assert(fc.asyncProperty(event, async ({ event: hostile, untouched }) => {
    const response = await decide(hostile);
    const allowed = response === 'unauthorized' ? [] : allowedResources(response.policyDocument);
    // The certificate is a customers one on a customers route: allowed exactly when nothing was altered.
    expect(allowed.length > 0).toBe(untouched);
    if (allowed.length > 0) {
      allowedCount++;
      expect(allowed).toEqual(routeArns('GET /findings/{orgId}'));
    } else if (!untouched && response !== 'unauthorized') {
      expect(logs.last?.reason).toMatch(/^(certificate-mismatch|malformed-certificate|malformed-event|route-mismatch)$/);
    }
  }), { numRuns: 1500 });
  expect(allowedCount).toBeGreaterThan(3);
});

test('anything at all as the event is denied without a crash', async () => {
  await fc.assert(fc.asyncProperty(fc.anything(), async (event) => {
    const response = await decide(event);
    if (response !== 'unauthorized') {
      expect(allowedResources(response.policyDocument)).toEqual([]);
    }
  }), { numRuns: 1000 });
});

/** The method ARNs a route stands for, computed independently of the code under test. */
function routeArns(route: string): string[] {
  const [method, template] = route.split(' ');
  const path = template.replace(/\{[^}]+\}/g, '*');
  // A path that ends in a literal is also allowed with a trailing slash (same resource).
  const paths = path.endsWith('*') || path.endsWith('/') ? [path] : [path, `${path}/`];
  return (method === 'ANY' ? METHODS : [method]).flatMap((m) => paths.map((p) => `${STAGE_PREFIX}/${m}${p}`));
}
