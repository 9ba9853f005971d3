import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { arn, clientCertificate, EXAMPLE_CA, EXAMPLE_CA_DN, LOOKALIKE_CA, name, PARTNER_CA, requestEvent, STAGE_PREFIX } from './events';
import { captureStdoutDecisions } from './log-capture';
import { createAuthorizerTables, localDynamoDb, putMapping, revoke } from './mapping-table';
import { SecureApi } from '../../../src/secure-api';
import type { AuthorizerHandler, AuthorizerResponse } from '../../../src/secure-api/runtime/authorizer';
import { DynamoDbLocal, localSdkEnvironment, startDynamoDbLocal } from '../../support/dynamodb-local';
import { writeCertificate, WrittenCertificate } from '../../support/x509-writer';

/**
 * The bundled entry point's handler, end to end against DynamoDB Local: the real SDK client,
 * configured only through the environment the construct sets.
 */
const TABLE = 'ou-mapping-handler-test';
const REVOCATIONS = 'revocations';
const PARTNER_CA_DN = 'CN=Partner CA,O=Partner';
const OTHER_CA = writeCertificate({ subject: name('O=Elsewhere', 'CN=Some Other CA'), ca: true });
const OLD_PARTNER_CA = writeCertificate({ subject: name('O=Partner', 'CN=Old Partner CA'), ca: true });
/** The SubjectPublicKeyInfo of a CA, in base64: how a pinned issuer is written (mapping-format.ts). */
const spki = (ca: WrittenCertificate) => ca.keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const PORTAL = name('C=US', 'O=Example', 'OU=customers', 'CN=portal');
let dynamoDb: DynamoDbLocal;
let client: DynamoDBClient;
let handler: AuthorizerHandler;
let logLines: Record<string, unknown>[];
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamoDb = await startDynamoDbLocal();
  client = localDynamoDb(dynamoDb.endpoint);
  await createAuthorizerTables(client, TABLE, REVOCATIONS, [
    {
      ou: 'customers',
      routes: ['GET /findings/{orgId}'],
      orgId: 'org-1',
      context: { tier: 'gold' },
    },
    { ou: 'scanners', routes: ['POST /findings'] },
    { ou: 'Sales, EU+West', routes: ['GET /reports', 'ANY /reports/{id+}'], orgId: 'org-2' },
    { ou: '研究開発', routes: ['GET /'] },
    { ou: 'other-org', routes: ['GET /reports'], orgId: 'org-3' },
    { ou: 'partners', routes: ['GET /findings/{orgId}'], issuers: [PARTNER_CA_DN, ' O = Partner ,CN=Old Partner CA'] },
    { ou: 'pinned', routes: ['GET /findings/{orgId}'], issuers: [{ publicKey: spki(EXAMPLE_CA) }] },
  ]);

  Object.assign(process.env, {
    ...localSdkEnvironment(dynamoDb.endpoint),
    MAPPING_TABLE_NAME: TABLE,
    REVOCATION_TABLE_NAME: REVOCATIONS,
    TRUSTED_ISSUERS: JSON.stringify([EXAMPLE_CA_DN]),
    MAPPING_CACHE_TTL_SECONDS: '60',
    MAPPING_CACHE_MAX_ENTRIES: '100',
  });
  // Loaded only now: the module reads its environment when it loads, as in Lambda.
  handler = jest.requireActual<typeof import('../../../src/secure-api/authorizer.lambda')>('../../../src/secure-api/authorizer.lambda').handler;
});

afterAll(async () => {
  process.env = savedEnv;
  client?.destroy();
  await dynamoDb?.stop();
});

beforeEach(() => {
  logLines = captureStdoutDecisions();
});

afterEach(() => jest.restoreAllMocks());

function allowed(response: AuthorizerResponse): readonly string[] {
  return response.policyDocument.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Resource);
}

function expectDenyAll(response: AuthorizerResponse): void {
  expect(response.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: '*' }]);
  expect(response.context).toBeUndefined();
  expect(response.principalId).toBe('denied');
}

describe('allow', () => {
  test('an OU mapped to the route gets a policy for that route only, and its context', async () => {
    const response = await handler(requestEvent({ subject: PORTAL }));

    expect(allowed(response)).toEqual([`${STAGE_PREFIX}/GET/findings/*`]);
    expect(response.principalId).toBe('customers');
    expect(response.context).toEqual({ ou: 'customers', orgId: 'org-1', tier: 'gold', certificateSerial: '4a:9f:0c:33:12' });
    expect(logLines).toEqual([expect.objectContaining({
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      certificateSerial: '4a:9f:0c:33:12',
      subject: 'CN=portal,OU=customers,O=Example,C=US',
      issuer: EXAMPLE_CA_DN,
      ou: 'customers',
      route: 'GET /findings/{orgId}',
      decision: 'allow',
      reason: 'allowed',
    })]);
    expect(typeof logLines[0].time).toBe('string');
  });

  test('an OU with commas and plus signs in the certificate is looked up as it is', async () => {
    const subject = name('O=Example', 'OU=Sales, EU+West', 'CN=analyst');
    const response = await handler(requestEvent({
      certificate: clientCertificate({ subject }),
      // API Gateway's rendering, spaced and hex-escaped: the same attributes.
      fields: { subjectDN: 'CN=analyst, OU = Sales\\, EU\\2BWest ,O=Example' },
      method: 'DELETE',
      path: '/reports/2024/q1',
      resource: '/reports/{id+}',
    }));

    expect(allowed(response)).toEqual([`${STAGE_PREFIX}/DELETE/reports/*`]);
    expect(response.context).toMatchObject({ ou: 'Sales\\, EU+West', orgId: 'org-2' });
    expect(logLines[0]).toMatchObject({ decision: 'allow' });
  });

  test('a UTF-8 OU, rendered hex-escaped by API Gateway, and the root route', async () => {
    const response = await handler(requestEvent({
      certificate: clientCertificate({ subject: name('OU=研究開発', 'CN=lab') }),
      fields: { subjectDN: 'CN=lab,OU=\\E7\\A0\\94\\E7\\A9\\B6\\E9\\96\\8B\\E7\\99\\BA' },
      path: '/',
      resource: '/',
    }));

    expect(allowed(response)).toEqual([`${STAGE_PREFIX}/GET/`]);
    expect(logLines[0]).toMatchObject({ ou: '研究開発', decision: 'allow' });
  });

});

describe('deny', () => {
  test('a route the OU is not mapped to is denied, and is logged as such', async () => {
    const response = await handler(requestEvent({ subject: name('OU=scanners'), method: 'GET', path: '/findings/org-1' }));

    expectDenyAll(response);
    expect(logLines[0]).toMatchObject({ ou: 'scanners', route: 'GET /findings/{orgId}', decision: 'deny', reason: 'route-not-mapped' });
  });

  test('a literal sibling of a mapped parameter route is not reached (the review finding)', async () => {
    // customers is mapped to GET /findings/{orgId}; API Gateway resolves /findings/export to its own resource.
    const response = await handler(requestEvent({
      subject: PORTAL, method: 'GET', path: '/findings/export', resource: '/findings/export',
    }));

    expectDenyAll(response);
    expect(logLines[0]).toMatchObject({ route: 'GET /findings/export', reason: 'route-not-mapped' });
  });

  test('a deeper route under a mapped parameter route is not reached', async () => {
    expectDenyAll(await handler(requestEvent({
      subject: name('OU=customers'), method: 'GET', path: '/findings/org-1/notes', resource: '/findings/{orgId}/notes',
    })));
  });

  test('a certificate with several mapped OUs is denied, and the log names every OU seen', async () => {
    const response = await handler(requestEvent({ subject: name('OU=unmapped', ['OU=scanners', 'OU=customers'], 'CN=ops') }));

    expectDenyAll(response);
    // In certificate order: DER sorts a SET by encoding, so the shorter `scanners` comes first.
    expect(logLines[0]).toMatchObject({ ou: 'unmapped,scanners,customers', decision: 'deny', reason: 'several-mapped-ous' });
  });

  test.each([
    ['httpMethod disagrees with the method ARN', { httpMethod: 'POST' }],
    ['no resource', { resource: undefined }],
    ['a resource that is no template', { resource: '/findings/*' }],
    ['ANY as the request method', { httpMethod: 'ANY' }],
  ])('an event whose route cannot be read is denied: %s', async (_, fields) => {
    expectDenyAll(await handler({ ...requestEvent({ subject: name('OU=customers') }), ...fields }));
    expect(logLines[0]).toMatchObject({ reason: 'malformed-event' });
  });

  test('a resource that disagrees with the method ARN\'s path is denied', async () => {
    const event = requestEvent({ subject: name('OU=customers'), path: '/reports', resource: '/findings/{orgId}' });
    expectDenyAll(await handler(event));
    expect(logLines[0]).toMatchObject({ reason: 'route-mismatch' });
  });

  test.each([
    ['an unknown OU', { subject: name('OU=strangers', 'CN=x') }, 'ou-not-mapped'],
    ['an OU differing only in case', { subject: name('OU=Customers', 'CN=x') }, 'ou-not-mapped'],
    ['no OU at all', { subject: name('O=Example', 'CN=x') }, 'no-ou-in-subject'],
    ['an OU hidden in a CN', { subject: name('CN=x,OU=customers') }, 'no-ou-in-subject'],
    ['an OU with a NUL after the mapped text', { subject: name('OU=customers\0evil') }, 'invalid-ou'],
    ['an expired certificate', { subject: name('OU=customers'), notAfter: new Date(Date.UTC(2020, 0, 1)) }, 'certificate-expired'],
    ['a certificate not valid yet', { subject: name('OU=customers'), notBefore: new Date(Date.UTC(2098, 0, 1)) }, 'certificate-not-yet-valid'],
    ['an unreadable validity date', { subject: name('OU=customers'), fields: { validity: { notBefore: 'May 28 12:30:02 2019 GMT', notAfter: 'tomorrow' } } }, 'certificate-mismatch'],
    ['no client certificate', { withoutCertificate: true }, 'missing-certificate'],
    ['no clientCertPem', { subject: name('OU=customers'), fields: { clientCertPem: undefined } }, 'malformed-certificate'],
    ['a clientCertPem that is no certificate', { subject: name('OU=customers'), fields: { clientCertPem: '-----BEGIN CERTIFICATE-----\nMIIBnotARealCertificate\n-----END CERTIFICATE-----\n' } }, 'malformed-certificate'],
  ])('%s', async (_, options, reason) => {
    const response = await handler(requestEvent(options));

    expectDenyAll(response);
    expect(logLines).toEqual([expect.objectContaining({ decision: 'deny', reason })]);
  });

  describe('with ALLOW_SEVERAL_MAPPED_OUS=true (the construct\'s unsafeAllowSeveralMappedOusReason)', () => {
    let lenient: AuthorizerHandler;
    beforeAll(() => {
      process.env.ALLOW_SEVERAL_MAPPED_OUS = 'true';
      jest.isolateModules(() => {
        lenient = jest.requireActual<typeof import('../../../src/secure-api/authorizer.lambda')>('../../../src/secure-api/authorizer.lambda').handler;
      });
      delete process.env.ALLOW_SEVERAL_MAPPED_OUS;
    });

    test('several mapped OUs get the routes of each, one route per decision', async () => {
      const response = await lenient(requestEvent({ subject: name(['OU=scanners', 'OU=customers'], 'CN=ops'), method: 'POST', path: '/findings', resource: '/findings' }));

      expect(allowed(response)).toEqual([`${STAGE_PREFIX}/POST/findings`, `${STAGE_PREFIX}/POST/findings/`]);
      expect(response.context).toMatchObject({ ou: 'scanners,customers', orgId: 'org-1' });
    });

    test('OUs that disagree on the org id are refused rather than guessed', async () => {
      expectDenyAll(await lenient(requestEvent({ subject: name('OU=other-org', 'OU=customers') })));
      expect(logLines[0]).toMatchObject({ reason: 'conflicting-mapping-context' });
    });
  });

  test.each([
    ['not an object', 'hello'],
    ['null', null],
    ['without a methodArn', { ...requestEvent(), methodArn: undefined }],
    ['with a wildcard methodArn', { ...requestEvent(), methodArn: `${STAGE_PREFIX}/*/*` }],
    ['with a mistyped clientCert', { ...requestEvent(), requestContext: { identity: { clientCert: 'CN=x,OU=customers' } } }],
  ])('a malformed event (%s)', async (_, event) => {
    const response = await handler(event);

    expectDenyAll(response);
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toMatchObject({ decision: 'deny' });
  });

  test('an item with a broken route denies its OU', async () => {
    await client.send(new PutItemCommand({
      TableName: TABLE,
      Item: { ou: { S: 'broken' }, routes: { L: [{ S: 'GET /ok' }, { S: 'GET /findings/*' }] } },
    }));

    expectDenyAll(await handler(requestEvent({ subject: name('OU=broken'), path: '/ok', resource: '/ok' })));
    expect(logLines[0]).toMatchObject({ reason: 'malformed-mapping' });
  });
});

describe('issuer binding', () => {
  test('a mapped OU in a certificate from a CA the API does not trust is denied', async () => {
    expectDenyAll(await handler(requestEvent({ subject: PORTAL, issuer: OTHER_CA })));
    expect(logLines[0]).toMatchObject({ ou: 'customers', issuer: 'CN=Some Other CA,O=Elsewhere', reason: 'issuer-not-trusted' });
  });

  test('API Gateway\'s issuer DN in another order, spacing and escaping still agrees with the certificate', async () => {
    const event = requestEvent({ subject: PORTAL, fields: { issuerDN: 'C=US, O=Example Corp, CN=Example\\20Private CA' } });
    expect(allowed(await handler(event))).toEqual([`${STAGE_PREFIX}/GET/findings/*`]);
  });

  test('an OU whose item names its issuers trusts those only', async () => {
    const partner = name('OU=partners', 'CN=portal');
    expect(allowed(await handler(requestEvent({ subject: partner, issuer: PARTNER_CA })))).toHaveLength(1);
    expect(allowed(await handler(requestEvent({ subject: partner, issuer: OLD_PARTNER_CA })))).toHaveLength(1);
    expectDenyAll(await handler(requestEvent({ subject: partner, issuer: EXAMPLE_CA })));
    // ...and the partner's CA can't mint the API's own OUs.
    expectDenyAll(await handler(requestEvent({ subject: PORTAL, issuer: PARTNER_CA })));
    expect(logLines.map((line) => line.reason)).toEqual(['allowed', 'allowed', 'issuer-not-trusted', 'issuer-not-trusted']);
  });

  test('a CA that copies the trusted CA\'s DN passes DN binding, not an issuer pinned by its key', async () => {
    const pinned = name('OU=pinned', 'CN=portal');
    expect(allowed(await handler(requestEvent({ subject: pinned, issuer: EXAMPLE_CA })))).toHaveLength(1);
    expectDenyAll(await handler(requestEvent({ subject: pinned, issuer: LOOKALIKE_CA })));
    expect(logLines.map((line) => line.reason)).toEqual(['allowed', 'issuer-not-trusted']);
    expect(logLines[1]).toMatchObject({ issuer: EXAMPLE_CA_DN });
  });

  test('with the API\'s trusted issuer pinned by key (TRUSTED_ISSUERS holding a publicKey), the look-alike CA is denied', async () => {
    let pinnedHandler!: AuthorizerHandler;
    process.env.TRUSTED_ISSUERS = JSON.stringify([{ publicKey: spki(EXAMPLE_CA) }]);
    jest.isolateModules(() => {
      pinnedHandler = jest.requireActual<typeof import('../../../src/secure-api/authorizer.lambda')>('../../../src/secure-api/authorizer.lambda').handler;
    });
    process.env.TRUSTED_ISSUERS = JSON.stringify([EXAMPLE_CA_DN]);
    expect(allowed(await pinnedHandler(requestEvent({ subject: PORTAL })))).toHaveLength(1);
    expectDenyAll(await pinnedHandler(requestEvent({ subject: PORTAL, issuer: LOOKALIKE_CA })));
    // Bound by DN only, the look-alike's certificate is let through: what pinning adds.
    expect(allowed(await handler(requestEvent({ subject: PORTAL, issuer: LOOKALIKE_CA })))).toHaveLength(1);
    expect(logLines.map((line) => line.reason)).toEqual(['allowed', 'issuer-not-trusted', 'allowed']);
  });
});

describe('the certificate against API Gateway\'s description of it', () => {
  const admin = name('O=Example Corp', 'OU=admins', 'CN=ops');
  beforeAll(async () => {
    await putMapping(client, TABLE, { ou: 'admins', routes: ['GET /findings/{orgId}', 'DELETE /findings/{orgId}'] });
  });

  test.each([
    ['subjectDN names an OU the certificate does not hold', { subjectDN: 'CN=ops,OU=admins,O=Example Corp' }, 'subjectDN'],
    ['subjectDN leaves out an OU the certificate holds', { subjectDN: 'CN=ops,O=Example Corp' }, 'subjectDN'],
    ['issuerDN names the trusted CA for a certificate of another', { issuerDN: EXAMPLE_CA_DN }, 'issuerDN'],
    ['serialNumber is another certificate\'s', { serialNumber: '4a:9f:0c:33:13' }, 'serialNumber'],
    ['validity is not the certificate\'s', { validity: { notBefore: 'May 28 12:30:02 2019 GMT', notAfter: 'Aug  5 09:36:04 2098 GMT' } }, 'validity'],
  ])('%s: denied, and the log says which field', async (_, fields, field) => {
    // A guests certificate from the other CA; API Gateway's fields are made to say otherwise.
    const guest = clientCertificate({ subject: name('O=Example Corp', 'OU=guests', 'CN=ops'), issuer: field === 'issuerDN' ? OTHER_CA : EXAMPLE_CA });
    const response = await handler(requestEvent({ certificate: guest, fields }));

    expectDenyAll(response);
    expect(logLines).toEqual([expect.objectContaining({ decision: 'deny', reason: 'certificate-mismatch', mismatch: field })]);
    expect(JSON.stringify(response)).not.toContain(field);
  });

  test('the decision reads the OU from the certificate, not from subjectDN', async () => {
    const guest = clientCertificate({ subject: name('O=Example Corp', 'OU=guests', 'CN=ops') });
    const event = requestEvent({ certificate: guest, fields: { subjectDN: 'CN=ops,OU=admins,O=Example Corp' } });
    expectDenyAll(await handler(event));
    expect(allowed(await handler(requestEvent({ subject: admin })))).toHaveLength(1);
  });
});

describe('revocation', () => {
  const revoked = { subject: PORTAL, serialHex: '0ABBCC01' };

  test('a certificate on the revocation table is denied, looked up by serial and canonical issuer DN as documented', async () => {
    await revoke(client, REVOCATIONS, 'ABBCC05/C="US"\nCN="Example Private CA"\nO="Example Corp"');
    expectDenyAll(await handler(requestEvent({ ...revoked, serialHex: '0ABBCC05' })));
    expect(logLines[0]).toMatchObject({ reason: 'certificate-revoked', certificateSerial: '0a:bb:cc:05' });
  });

  test('an item keyed as before the canonical key (issuer DN as API Gateway renders it) still revokes after an upgrade', async () => {
    await revoke(client, REVOCATIONS, 'ABBCC01/CN=Example Private CA,O=Example Corp,C=US');
    expectDenyAll(await handler(requestEvent(revoked)));
    expect(logLines[0]).toMatchObject({
      reason: 'certificate-revoked', certificateSerial: '0a:bb:cc:01', issuer: 'CN=Example Private CA,O=Example Corp,C=US',
    });
  });

  test('SecureApi.revocationItem writes that very item', async () => {
    const item = JSON.parse(SecureApi.revocationItem('CN=Example Private CA,O=Example Corp,C=US', '0A:BB:CC:02', 'lost'));
    await client.send(new PutItemCommand({ TableName: REVOCATIONS, Item: item }));
    expectDenyAll(await handler(requestEvent({ ...revoked, serialHex: '0ABBCC02' })));
  });

  test('an item SecureApi.revocationItem writes from a differently spelled but equal issuer DN revokes the certificate', async () => {
    // Spaces after the separators, lower-case attribute types, a hex-escaped space and attributes in
    // another order (RFC 4514 section 2.4): the issuer API Gateway renders as
    // `CN=Example Private CA,O=Example Corp,C=US`.
    const respelled = 'c=US, o = Example Corp, cn=Example\\20Private CA';
    await client.send(new PutItemCommand({ TableName: REVOCATIONS, Item: JSON.parse(SecureApi.revocationItem(respelled, '0a:bb:cc:04', 'lost')) }));
    expectDenyAll(await handler(requestEvent({ ...revoked, serialHex: '0ABBCC04' })));
    expect(logLines[0]).toMatchObject({ reason: 'certificate-revoked', issuer: 'CN=Example Private CA,O=Example Corp,C=US' });
  });

  // RFC 5280 section 4.1.2.2 caps a conforming CA's serials at 20 octets, but the authorizer lets
  // through any serial API Gateway can render within its 128-character limit (about 40 octets);
  // what it lets through, SecureApi.revocationItem must be able to revoke.
  test('a certificate with a 40-octet serial, let through, is revoked by the item revocationItem writes from the log', async () => {
    const serialHex = `7${'AB'.repeat(39)}F`;
    const event = requestEvent({ subject: PORTAL, serialHex });
    expect(allowed(await handler(event))).toEqual([`${STAGE_PREFIX}/GET/findings/*`]);
    const { issuer, certificateSerial } = logLines[0] as { issuer: string; certificateSerial: string };
    await client.send(new PutItemCommand({ TableName: REVOCATIONS, Item: JSON.parse(SecureApi.revocationItem(issuer, certificateSerial, 'lost')) }));
    const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 30_001); // past the revocation cache TTL
    try {
      expectDenyAll(await handler(event));
    } finally {
      later.mockRestore();
    }
    expect(logLines[1]).toMatchObject({ reason: 'certificate-revoked' });
  });

  test('another issuer\'s certificate with the same serial is not revoked', async () => {
    await revoke(client, REVOCATIONS, `ABBCC01/${EXAMPLE_CA_DN}`);
    const event = requestEvent({ subject: name('OU=partners', 'CN=portal'), serialHex: '0ABBCC01', issuer: PARTNER_CA });
    expect(allowed(await handler(event))).toEqual([`${STAGE_PREFIX}/GET/findings/*`]);
  });

  test('a revocation takes effect within the revocation cache TTL (30 s by default)', async () => {
    const event = requestEvent({ ...revoked, serialHex: '0ABBCC03' });
    expect(allowed(await handler(event))).toEqual([`${STAGE_PREFIX}/GET/findings/*`]);
    await revoke(client, REVOCATIONS, 'ABBCC03/CN=Example Private CA,O=Example Corp,C=US');

    expect(allowed(await handler(event))).toHaveLength(1); // the answer is cached for up to 30 s
    const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 30_001);
    try {
      expectDenyAll(await handler(event));
    } finally {
      later.mockRestore();
    }
  });
});

describe('cache', () => {
  test('a mapped OU is answered from memory once read', async () => {
    await putMapping(client, TABLE, { ou: 'cached', routes: ['GET /cached'] });
    const event = requestEvent({ subject: name('OU=cached'), path: '/cached', resource: '/cached' });
    expect(allowed(await handler(event))).toEqual([arn('GET', '/cached'), arn('GET', '/cached/')]);

    await client.send(new DeleteItemCommand({ TableName: TABLE, Key: { ou: { S: 'cached' } } }));

    expect(allowed(await handler(event))).toEqual([arn('GET', '/cached'), arn('GET', '/cached/')]);
  });

  test('an unknown OU is cached only briefly (the negative TTL is at most 5 s)', async () => {
    const event = requestEvent({ subject: name('OU=latecomer'), path: '/late', resource: '/late' });
    expectDenyAll(await handler(event));
    await putMapping(client, TABLE, { ou: 'latecomer', routes: ['GET /late'] });

    expectDenyAll(await handler(event));
    const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 5_001);
    try {
      expect(allowed(await handler(event))).toEqual([arn('GET', '/late'), arn('GET', '/late/')]);
    } finally {
      later.mockRestore();
    }
  });
});
