import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import * as fc from 'fast-check';
import {
  clientCertFields, clientCertificate, eventForIssued, EXAMPLE_CA, EXAMPLE_CA_DN, LOOKALIKE_CA, name, PARTNER_CA, renderName, requestEvent,
  STAGE_PREFIX, VALID_FROM, VALID_UNTIL,
} from './events';
import { captureStdoutDecisions } from './log-capture';
import { createAuthorizerTables, localDynamoDb } from './mapping-table';
import { allowedResources } from './policy-oracle';
import { SecureApi } from '../../../src/secure-api';
import { issueCertificates, opensslDistinguishedNames } from '../../support/certificates';
import { DynamoDbLocal, localSdkEnvironment, startDynamoDbLocal } from '../../support/dynamodb-local';
import {
  BMP_STRING, encodeName, Name, oid, PRINTABLE_STRING, sequence, tlv, toPem, UTF8_STRING, writeCertificate, WrittenCertificate,
} from '../../support/x509-writer';

/**
 * Hostile and unusual client certificates through the shipped bundle (assets/, loaded as Lambda
 * loads it), reading its mapping from DynamoDB Local, under both ways of trusting an issuer: by DN
 * and pinned by the CA's key. The promise: a certificate the authorizer can't read exactly as
 * DER, or whose content differs from what API Gateway describes, is denied (or refused with 401);
 * nothing but `Unauthorized` is ever thrown; and only a mapped OU in a certificate of a trusted
 * issuer is let through.
 */
const BUNDLE = join(__dirname, '..', '..', '..', 'assets', 'secure-api', 'authorizer.lambda', 'index.js');
const TABLE = 'certificate-fuzz';
const REVOCATIONS = 'certificate-fuzz-revocations';
const CUSTOMERS_ROUTE = [`${STAGE_PREFIX}/GET/findings/*`];

type Handler = (event: unknown) => Promise<{ policyDocument: { Statement: any[] }; context?: Record<string, string> }>;
let dynamoDb: DynamoDbLocal;
let client: DynamoDBClient;
/** The bundle with the API's trusted issuer named by DN. */
let byDn: Handler;
/** The bundle with the API's trusted issuer pinned by the CA's key. */
let byKey: Handler;
let openssl: ReturnType<typeof issueCertificates>;
const savedEnv = { ...process.env };
const spki = (ca: WrittenCertificate) => ca.keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

beforeAll(async () => {
  dynamoDb = await startDynamoDbLocal();
  client = localDynamoDb(dynamoDb.endpoint);
  await createAuthorizerTables(client, TABLE, REVOCATIONS, [
    { ou: 'customers', routes: ['GET /findings/{orgId}'] },
    { ou: 'admins', routes: ['ANY /{proxy+}'] },
    { ou: 'Sales, EU+West', routes: ['GET /findings/{orgId}'] },
    { ou: '研究開発', routes: ['GET /findings/{orgId}'] },
  ]);
  // Real openssl certificates, from openssl's own throw-away CA (`CN=Model Private CA,O=Example Corp`).
  openssl = issueCertificates([
    '/O=Example Corp/OU=customers/OU=customers/CN=twice',
    '/O=Example Corp/OU=customers/OU=admins/CN=both',
    '/O=Example Corp/OU=Sales\\, EU\\+West/CN=escaped',
    '/O=Example Corp/OU=customers\\,OU=admins/CN=smuggled',
    '/O=Example Corp/OU=研究開発/CN=utf8',
  ]);
  Object.assign(process.env, { ...localSdkEnvironment(dynamoDb.endpoint), MAPPING_TABLE_NAME: TABLE, REVOCATION_TABLE_NAME: REVOCATIONS });
  process.env.TRUSTED_ISSUERS = JSON.stringify([EXAMPLE_CA_DN, openssl[0].issuerDN, renderName(INTERMEDIATE_CA.subject)]);
  jest.isolateModules(() => {
    byDn = jest.requireActual(BUNDLE).handler;
  });
  process.env.TRUSTED_ISSUERS = JSON.stringify([{ publicKey: spki(EXAMPLE_CA) }]);
  jest.isolateModules(() => {
    byKey = jest.requireActual(BUNDLE).handler;
  });
});

afterAll(async () => {
  process.env = savedEnv;
  client?.destroy();
  await dynamoDb?.stop();
});

let decisions: Record<string, unknown>[];
beforeEach(() => {
  decisions = captureStdoutDecisions();
});
afterEach(() => (process.stdout.write as jest.Mock).mockRestore());

/** The routes let through, or `'401'`; anything thrown but `Unauthorized` fails the test. */
async function outcome(handler: Handler, event: unknown): Promise<readonly string[] | '401'> {
  const before = decisions.length;
  try {
    const response = await handler(event);
    return allowedResources(response.policyDocument as any);
  } catch (error) {
    expect(error).toEqual(new Error('Unauthorized'));
    return '401';
  } finally {
    expect(decisions.length).toBe(before + 1);
  }
}

const CUSTOMERS = name('C=US', 'O=Example Corp', 'OU=customers', 'CN=portal');
const ORIGINAL = clientCertificate({ subject: CUSTOMERS });
/** API Gateway's description of the original certificate, which hostile PEMs are sent with. */
const ORIGINAL_FIELDS = clientCertFields(ORIGINAL);
const ROOT_CA = writeCertificate({ subject: name('O=Example Corp', 'CN=Example Root CA'), ca: true, notBefore: VALID_FROM, notAfter: VALID_UNTIL });
const INTERMEDIATE_CA = writeCertificate({ subject: name('O=Example Corp', 'CN=Example Issuing CA 2'), issuer: ROOT_CA, ca: true, notBefore: VALID_FROM, notAfter: VALID_UNTIL });

function eventWithPem(pem: unknown, fields = ORIGINAL_FIELDS): Record<string, any> {
  const event = requestEvent({ certificate: ORIGINAL });
  event.requestContext.identity.clientCert = { ...fields, clientCertPem: pem };
  return event;
}

test('the unaltered certificate is let through by both (the properties below are not vacuous)', async () => {
  expect(await outcome(byDn, eventWithPem(ORIGINAL.pem))).toEqual(CUSTOMERS_ROUTE);
  expect(await outcome(byKey, eventWithPem(ORIGINAL.pem))).toEqual(CUSTOMERS_ROUTE);
});

describe('hostile encodings of the certificate are never let through', () => {
  /** A TLV tree of DER, to re-encode with other length forms. */
  interface Node { tag: number; content?: Buffer; children?: Node[] }
  function parseTree(der: Buffer): Node[] {
    const nodes: Node[] = [];
    for (let at = 0; at < der.length;) {
      const tag = der[at];
      let length = der[at + 1];
      let start = at + 2;
      if (length >= 0x80) {
        const count = length - 0x80;
        length = [...der.subarray(start, start + count)].reduce((total, byte) => total * 256 + byte, 0);
        start += count;
      }
      const content = der.subarray(start, start + length);
      nodes.push(tag === 0x30 || tag === 0x31 || tag === 0xa0 || tag === 0xa3 ? { tag, children: parseTree(content) } : { tag, content });
      at = start + length;
    }
    return nodes;
  }
  /** Encodes the tree; the `target`-th constructed node (in document order) gets `form`. */
  function encodeTree(nodes: Node[], target: number, form: 'padded-long' | 'indefinite', counter = { index: 0 }): Buffer {
    return Buffer.concat(nodes.map((node) => {
      if (!node.children) return tlv(node.tag, node.content!);
      const self = counter.index++;
      const content = encodeTree(node.children, target, form, counter);
      if (self !== target) return tlv(node.tag, content);
      if (form === 'indefinite') return Buffer.concat([Buffer.from([node.tag, 0x80]), content, Buffer.from([0, 0])]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(content.length);
      return Buffer.concat([Buffer.from([node.tag, 0x84]), length, content]); // long form with leading zero bytes
    }));
  }
  const tree = parseTree(ORIGINAL.der);
  const constructedCount = (function count(nodes: Node[]): number {
    return nodes.reduce((total, node) => total + (node.children ? 1 + count(node.children) : 0), 0);
  })(tree);

  const nested = (depth: number) => Array.from({ length: depth }).reduce<Buffer>((inner) => sequence(inner), sequence());
  const hostileDer = fc.oneof(
    fc.nat({ max: ORIGINAL.der.length - 1 }).map((n) => ({ what: 'truncated', der: ORIGINAL.der.subarray(0, n) })),
    fc.tuple(fc.nat({ max: constructedCount - 1 }), fc.constantFrom('padded-long' as const, 'indefinite' as const))
      .map(([target, form]) => ({ what: `${form} length`, der: encodeTree(tree, target, form) })),
    fc.tuple(fc.nat({ max: ORIGINAL.der.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => {
      const der = Buffer.from(ORIGINAL.der);
      der[at] ^= xor; // eslint-disable-line no-bitwise
      return { what: 'flipped byte', der };
    }),
    fc.integer({ min: 1, max: 3000 }).map((depth) => ({ what: 'nested sequences', der: nested(depth) })),
    fc.integer({ min: 20, max: 60 }).map((depth) => ({
      what: 'nested sequences as subject',
      der: writeCertificate({ subject: CUSTOMERS, issuer: EXAMPLE_CA, serialHex: ORIGINAL.serialHex, rawSubject: nested(depth) }).der,
    })),
    fc.tuple(fc.constantFrom(UTF8_STRING, BMP_STRING, PRINTABLE_STRING, 0x14, 0x1c, 0x02, 0x04), fc.uint8Array({ maxLength: 12 }))
      .map(([tag, bytes]) => ({
        what: 'odd string bytes in the OU',
        der: writeCertificate({
          subject: CUSTOMERS,
          issuer: EXAMPLE_CA,
          serialHex: ORIGINAL.serialHex,
          rawSubject: sequence(tlv(0x31, sequence(oid('2.5.4.11'), tlv(tag, Buffer.concat([Buffer.from('customers'), Buffer.from(bytes)]))))),
        }).der,
      })),
    fc.uint8Array({ minLength: 0, maxLength: 600 }).map((bytes) => ({ what: 'random bytes', der: Buffer.from(bytes) })),
    fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 40 })).map(([tail]) => ({ what: 'trailing bytes', der: Buffer.concat([ORIGINAL.der, Buffer.from(tail)]) })),
  );
  const hostilePem = fc.oneof(
    { weight: 6, arbitrary: hostileDer.map(({ what, der }) => ({ what, pem: toPem(der) })) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n'), maxLength: 400 })
          .map((body) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom(
          ORIGINAL.pem + ORIGINAL.pem,
          `junk before\n${ORIGINAL.pem}`,
          ORIGINAL.pem.replace('CERTIFICATE-----\n', 'CERTIFICATE-----\n\n'),
          ORIGINAL.der.toString('base64'),
          ORIGINAL.pem.replace(/-----END CERTIFICATE-----/, '-----END CERTIFICATE-----\ntrailing'),
          ORIGINAL.pem.replace('-----BEGIN CERTIFICATE-----', '-----BEGIN X509 CRL-----'),
          `-----BEGIN CERTIFICATE-----\n${'A'.repeat(20_000)}\n-----END CERTIFICATE-----\n`,
          '',
        ),
      ).map((pem) => ({ what: 'text', pem })),
    },
  );

  test('under DN trust and under a pinned key, with API Gateway describing the original certificate', async () => {
    const seen = new Map<string, number>();
    await fc.assert(fc.asyncProperty(hostilePem, async ({ what, pem }) => {
      const unchanged = pem === ORIGINAL.pem;
      for (const handler of [byDn, byKey]) {
        const result = await outcome(handler, eventWithPem(pem));
        if (result !== '401' && result.length > 0) {
          // Only a flipped byte outside what the decision reads (a key bit, an extension, the
          // signature) leaves the certificate readable and alike; a pinned key still refuses it.
          expect({ what, handler: handler === byKey ? 'pinned' : 'dn', unchanged }).toEqual({ what: 'flipped byte', handler: 'dn', unchanged: false });
          expect(result).toEqual(CUSTOMERS_ROUTE);
        }
      }
      seen.set(what, (seen.get(what) ?? 0) + 1);
    }), { numRuns: 600 });
    expect(seen.size).toBeGreaterThanOrEqual(9);
  });

  test('a length form OpenSSL reads but DER forbids is refused even where the fields agree (DN trust)', async () => {
    for (const form of ['padded-long', 'indefinite'] as const) {
      for (let target = 0; target < constructedCount; target++) {
        expect(await outcome(byDn, eventWithPem(toPem(encodeTree(tree, target, form))))).toEqual([]);
      }
    }
    expect(decisions.every((line) => line.reason === 'malformed-certificate')).toBe(true);
  });
});

describe('hostile subjects, described honestly by API Gateway', () => {
  const ous = fc.constantFrom('customers', 'admins', 'strangers', 'customers,OU=admins', 'customers+OU=admins', 'customers\u0000', 'customers\n',
    'Customers', 'customers ', 'customers\\', '"customers"', '#0C09637573746F6D657273');
  const attribute = fc.record({ value: ous, tag: fc.constantFrom(UTF8_STRING, BMP_STRING) });
  const subject = fc.tuple(fc.array(fc.array(attribute, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.boolean());

  const MAPPED_OUS = new Set(['customers', 'admins', 'Sales, EU+West', '研究開発']);

  test('only a certificate whose OUs (as written) hold exactly one mapped OU is let through, on its route', async () => {
    let allowed = 0;
    await fc.assert(fc.asyncProperty(subject, async ([rdns, withCn]) => {
      const subjectName: Name = [
        ...rdns.map((rdn) => rdn.map(({ value, tag }) => ({ type: 'OU', value, tag }))),
        ...(withCn ? [[{ type: 'CN', value: 'x,OU=admins' }]] : []),
      ];
      const certificate = clientCertificate({ subject: subjectName });
      const writtenMapped = new Set(rdns.flat().map(({ value }) => value).filter((value) => MAPPED_OUS.has(value)));
      for (const handler of [byDn, byKey]) {
        const result = await outcome(handler, requestEvent({ certificate }));
        const routes = result === '401' ? [] : result;
        if (routes.length > 0) {
          allowed++;
          expect([...writtenMapped]).toEqual(['customers']);
          expect(routes).toEqual(CUSTOMERS_ROUTE);
        }
      }
    }), { numRuns: 300 });
    expect(allowed).toBeGreaterThan(5);
  });
});

describe('real certificates', () => {
  test.each([
    ['the same OU twice (openssl)', 0, CUSTOMERS_ROUTE, 'allowed'],
    ['two mapped OUs (openssl)', 1, [], 'several-mapped-ous'],
    ['an escaped comma and plus in the OU (openssl)', 2, CUSTOMERS_ROUTE, 'allowed'],
    ['an escaped comma smuggling an RDN into one OU (openssl)', 3, [], 'ou-not-mapped'],
    ['a UTF8String OU (openssl)', 4, CUSTOMERS_ROUTE, 'allowed'],
  ])('%s', async (_, index, routes, reason) => {
    const event = eventForIssued(openssl[index as number]);
    expect(await outcome(byDn, event)).toEqual(routes);
    expect(decisions[0]).toMatchObject({ reason });
    // openssl's CA is not the pinned one.
    expect(await outcome(byKey, event)).toEqual([]);
  });

  test('a BMPString OU reads as its text', async () => {
    const certificate = clientCertificate({ subject: [[{ type: 'OU', value: 'customers', tag: BMP_STRING }]] });
    expect(await outcome(byDn, requestEvent({ certificate }))).toEqual(CUSTOMERS_ROUTE);
    expect(await outcome(byKey, requestEvent({ certificate }))).toEqual(CUSTOMERS_ROUTE);
  });

  // A UTF8String may start with U+FEFF (ZERO WIDTH NO-BREAK SPACE, the byte order mark EF BB BF):
  // OpenSSL keeps it as part of the value, so a CA that checks the requested OU against its policy
  // sees "\uFEFFadmins", not "admins". The WHATWG TextDecoder drops a leading BOM unless told
  // `ignoreBOM: true`, which made the authorizer read "admins" and let the certificate through to
  // the admins' routes, with API Gateway's subjectDN (non-ASCII escaped as `\EF\BB\BF`) agreeing.
  test('a UTF8String OU starting with a byte order mark is not the OU without it', async () => {
    const certificate = clientCertificate({ subject: name('C=US', 'O=Example Corp', 'OU=\uFEFFadmins', 'CN=bom') });
    // The oracle is OpenSSL's reading of the certificate, not the library's.
    expect(new X509Certificate(certificate.pem).subject).toContain('OU=\uFEFFadmins');
    const renderedByOpenssl = opensslDistinguishedNames(certificate.pem);
    expect(renderedByOpenssl.subjectDN).toBe('CN=bom,OU=\\EF\\BB\\BFadmins,O=Example Corp,C=US');
    // A call on the admins' route (`ANY /{proxy+}`), API Gateway's DNs rendered by the model and by openssl.
    for (const fields of [{}, renderedByOpenssl]) {
      const event = requestEvent({ certificate, method: 'DELETE', path: '/users/7', resource: '/{proxy+}', fields });
      expect(await outcome(byDn, event)).toEqual([]);
      expect(await outcome(byKey, event)).toEqual([]);
    }
    expect(decisions.map((line) => line.reason)).not.toContain('allowed');
    expect(decisions.map((line) => line.ou)).not.toContain('admins');
  });

  test('a CA whose DN is the trusted one with a U+FEFF before its CN is another issuer', async () => {
    const bomCa = writeCertificate({ subject: name('C=US', 'O=Example Corp', 'CN=\uFEFFExample Private CA'), ca: true, notBefore: VALID_FROM, notAfter: VALID_UNTIL });
    const certificate = clientCertificate({ subject: CUSTOMERS, issuer: bomCa });
    const renderedByOpenssl = opensslDistinguishedNames(certificate.pem);
    expect(renderedByOpenssl.issuerDN).toBe('CN=\\EF\\BB\\BFExample Private CA,O=Example Corp,C=US');
    expect(await outcome(byDn, requestEvent({ certificate, fields: renderedByOpenssl }))).toEqual([]);
    expect(decisions.map((line) => line.reason)).toEqual(['issuer-not-trusted']);
  });

  test('an issuer DN with escapes and non-ASCII, copied from the decision log into SecureApi.revocationItem, revokes', async () => {
    const ca = writeCertificate({ subject: name('C=DE', 'O=Prüf, GmbH+Co', 'CN=\uFEFFZertifizierungsstelle Müller'), ca: true, notBefore: VALID_FROM, notAfter: VALID_UNTIL });
    const certificate = clientCertificate({ subject: CUSTOMERS, issuer: ca, serialHex: '5EED01' });
    // API Gateway's fields as openssl renders them (RFC 2253: `\,` `\+` and `\C3\BC`-style escapes).
    const event = requestEvent({ certificate, fields: opensslDistinguishedNames(certificate.pem) });
    const pinnedTo = () => {
      let handler!: Handler;
      process.env.TRUSTED_ISSUERS = JSON.stringify([{ publicKey: spki(ca) }]);
      jest.isolateModules(() => {
        handler = jest.requireActual(BUNDLE).handler;
      });
      return handler;
    };
    expect(await outcome(pinnedTo(), event)).toEqual(CUSTOMERS_ROUTE);
    const { issuer, certificateSerial } = decisions[0] as { issuer: string; certificateSerial: string };
    expect(issuer).toBe('CN=\\EF\\BB\\BFZertifizierungsstelle M\\C3\\BCller,O=Pr\\C3\\BCf\\, GmbH\\+Co,C=DE');
    await client.send(new PutItemCommand({ TableName: REVOCATIONS, Item: JSON.parse(SecureApi.revocationItem(issuer, certificateSerial, 'lost')) }));
    // A fresh function, so no revocation answer is cached.
    expect(await outcome(pinnedTo(), event)).toEqual([]);
    expect(decisions[1]).toMatchObject({ reason: 'certificate-revoked' });
  });

  test('two CAs: the other CA\'s certificate is refused by DN and by key; the look-alike only by key', async () => {
    expect(await outcome(byDn, requestEvent({ subject: CUSTOMERS, issuer: PARTNER_CA }))).toEqual([]);
    expect(await outcome(byKey, requestEvent({ subject: CUSTOMERS, issuer: PARTNER_CA }))).toEqual([]);
    expect(await outcome(byDn, requestEvent({ subject: CUSTOMERS, issuer: LOOKALIKE_CA }))).toEqual(CUSTOMERS_ROUTE);
    expect(await outcome(byKey, requestEvent({ subject: CUSTOMERS, issuer: LOOKALIKE_CA }))).toEqual([]);
    expect(decisions.map((line) => line.reason)).toEqual(['issuer-not-trusted', 'issuer-not-trusted', 'allowed', 'issuer-not-trusted']);
  });

  test('an intermediate: trusted as the issuer by DN; pinned, the issuing CA\'s key counts, not the root\'s', async () => {
    const leaf = clientCertificate({ subject: CUSTOMERS, issuer: INTERMEDIATE_CA });
    expect(await outcome(byDn, requestEvent({ certificate: leaf }))).toEqual(CUSTOMERS_ROUTE);
    let pinnedRoot!: Handler;
    let pinnedIntermediate!: Handler;
    process.env.TRUSTED_ISSUERS = JSON.stringify([{ publicKey: spki(ROOT_CA) }]);
    jest.isolateModules(() => {
      pinnedRoot = jest.requireActual(BUNDLE).handler;
    });
    process.env.TRUSTED_ISSUERS = JSON.stringify([{ publicKey: spki(INTERMEDIATE_CA) }]);
    jest.isolateModules(() => {
      pinnedIntermediate = jest.requireActual(BUNDLE).handler;
    });
    expect(await outcome(pinnedRoot, requestEvent({ certificate: leaf }))).toEqual([]);
    expect(await outcome(pinnedIntermediate, requestEvent({ certificate: leaf }))).toEqual(CUSTOMERS_ROUTE);
  });

  test.each([
    ['expired', { notAfter: new Date(Date.now() - 86_400_000) }, 'certificate-expired'],
    ['not yet valid', { notBefore: new Date(Date.now() + 30 * 86_400_000) }, 'certificate-not-yet-valid'],
  ])('%s', async (_, validity, reason) => {
    const certificate = clientCertificate({ subject: CUSTOMERS, ...validity });
    expect(await outcome(byDn, requestEvent({ certificate }))).toEqual([]);
    expect(await outcome(byKey, requestEvent({ certificate }))).toEqual([]);
    expect(decisions.map((line) => line.reason)).toEqual([reason, reason]);
  });

  test('the writer\'s DER is what openssl writes: a Name encodes as openssl encodes it', () => {
    // The subject bytes openssl wrote for the UTF8String OU certificate, found in its DER.
    const der = Buffer.from(openssl[4].clientCertPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const written = encodeName(name('O=Example Corp', 'OU=研究開発', 'CN=utf8'));
    expect(der.includes(written)).toBe(true);
  });
});

