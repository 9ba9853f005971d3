import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { synthesizedAuthorizerEnvironment } from './crl-environment';
import { eventForIssued } from './events';
import { captureStdoutDecisions } from './log-capture';
import { createAuthorizerTables, localDynamoDb } from './mapping-table';
import type { AuthorizerHandler, AuthorizerResponse } from '../../../src/secure-api/runtime/authorizer';
import { TestCertificateAuthority } from '../../support/certificate-authority';
import { IssuedCertificate } from '../../support/certificates';
import { DynamoDbLocal, localSdkEnvironment, startDynamoDbLocal } from '../../support/dynamodb-local';
import { localS3Environment, MotoS3, startMotoS3 } from '../../support/moto-s3';

/**
 * Revocation by the CRLs CAs publish in S3, end to end: CAs, certificates and CRLs made by
 * openssl (`openssl ca -gencrl`), the CRLs served by a real local S3 endpoint (moto's server), the
 * mapping and revocation tables in DynamoDB Local, and the shipped authorizer bundle (assets/,
 * loaded as Lambda loads it) configured with exactly the environment SecureApi synthesizes.
 */
const BUNDLE = join(__dirname, '..', '..', '..', 'assets', 'secure-api', 'authorizer.lambda', 'index.js');
const MAPPING = 'crl-mapping';
const REVOCATIONS = 'crl-revocations';
const BUCKET = 'example-crls';
const DAY = 24 * 3600 * 1000;

let dynamoDb: DynamoDbLocal;
let moto: MotoS3;
let client: DynamoDBClient;
let logLines: Record<string, unknown>[];
/** Added to the authorizer's clock, to step past its refresh interval. */
let clockOffset = 0;
const savedEnv = { ...process.env };

const ca = TestCertificateAuthority.create('/C=US/O=Example Corp/CN=Example Private CA');
/** Another key under the same name: what an attacker who can write the bucket, but has no CA key, would sign with. */
const impostor = TestCertificateAuthority.create('/C=US/O=Example Corp/CN=Example Private CA', 'rsa-2048');
/** The CA's key under another name. */
const renamed = TestCertificateAuthority.renamed(ca, '/C=US/O=Example Corp/CN=Other CA');
const partner = TestCertificateAuthority.create('/O=Partner/CN=Partner CA', 'ec-p384');
const rsaPartner = TestCertificateAuthority.create('/O=RSA Partner/CN=RSA Partner CA', 'rsa-2048');

const good = ca.issue('/C=US/O=Example Corp/OU=scanners/CN=good', '1001');
const revoked = ca.issue('/C=US/O=Example Corp/OU=scanners/CN=stolen', '1002');
const later = ca.issue('/C=US/O=Example Corp/OU=scanners/CN=later', '1003');
const partnerGood = partner.issue('/O=Partner/OU=scanners/CN=partner-good', '2001');
const partnerRevoked = partner.issue('/O=Partner/OU=scanners/CN=partner-stolen', '2002');
const rsaPartnerRevoked = rsaPartner.issue('/O=RSA Partner/OU=scanners/CN=rsa-stolen', '3002');

beforeAll(async () => {
  [dynamoDb, moto] = await Promise.all([startDynamoDbLocal(), startMotoS3()]);
  client = localDynamoDb(dynamoDb.endpoint);
  await createAuthorizerTables(client, MAPPING, REVOCATIONS, [
    { ou: 'scanners', routes: ['GET /findings/{orgId}'] },
  ]);

  ca.revoke('1002', 'ABCDEF');
  partner.revoke('2002');
  rsaPartner.revoke('3002');
  const now = Date.now();
  await Promise.all([
    moto.put(BUCKET, 'ca.crl', ca.crl()),
    moto.put(BUCKET, 'ca.pem.crl', ca.crl({ pem: true })),
    moto.put(BUCKET, 'partner.crl', partner.crl({ digest: 'sha384' })),
    moto.put(BUCKET, 'rsa-partner.crl', rsaPartner.crl()),
    moto.put(BUCKET, 'past-next-update.crl', ca.crl({ times: { lastUpdate: new Date(now - 10 * DAY), nextUpdate: new Date(now - DAY) } })),
    moto.put(BUCKET, 'older-than-max-age.crl', ca.crl({ times: { lastUpdate: new Date(now - 8 * DAY), nextUpdate: new Date(now + DAY) } })),
    moto.put(BUCKET, 'issued-tomorrow.crl', ca.crl({ times: { lastUpdate: new Date(now + DAY), nextUpdate: new Date(now + 8 * DAY) } })),
    moto.put(BUCKET, 'impostor.crl', impostor.crl()),
    moto.put(BUCKET, 'renamed.crl', renamed.crl()),
    moto.put(BUCKET, 'truncated.crl', ca.crl().subarray(0, 100)),
    moto.put(BUCKET, 'garbage.crl', randomBytes(512)),
    moto.put(BUCKET, 'certificate-not-crl.crl', ca.certificatePem),
  ]);
  const realNow = Date.now.bind(Date);
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffset);
});

afterAll(async () => {
  jest.restoreAllMocks();
  process.env = savedEnv;
  client?.destroy();
  await Promise.all([dynamoDb?.stop(), moto?.stop()]);
  [ca, impostor, renamed, partner, rsaPartner].forEach((c) => c.dispose());
});

beforeEach(() => {
  clockOffset = 0;
  logLines = captureStdoutDecisions();
});

afterEach(() => (process.stdout.write as jest.Mock).mockRestore?.());

interface CrlCase {
  readonly key: string;
  readonly ca: TestCertificateAuthority;
}

/**
 * The shipped authorizer, loaded fresh (as a new Lambda instance) with the environment SecureApi
 * synthesizes for these CRLs; only the table names, which are deploy-time tokens, are set here.
 */
function authorizerWith(crls: readonly CrlCase[], refreshSeconds?: number): AuthorizerHandler {
  const literal = synthesizedAuthorizerEnvironment(crls.map((crl) => ({ bucket: BUCKET, key: crl.key, caCertificatePem: crl.ca.certificatePem })),
    [good.issuerDN, partnerGood.issuerDN, rsaPartnerRevoked.issuerDN], refreshSeconds);
  process.env = {
    ...savedEnv,
    ...localSdkEnvironment(dynamoDb.endpoint),
    ...localS3Environment(moto.endpoint),
    ...literal,
    MAPPING_TABLE_NAME: MAPPING,
    REVOCATION_TABLE_NAME: REVOCATIONS,
  };
  let handler: AuthorizerHandler | undefined;
  jest.isolateModules(() => {
    handler = jest.requireActual(BUNDLE).handler;
  });
  return handler!;
}

function allowed(response: AuthorizerResponse): boolean {
  return response.policyDocument.Statement.some((statement) => statement.Effect === 'Allow');
}

/** Refused with 401: thrown, so API Gateway caches nothing. */
async function expectRefused(handler: AuthorizerHandler, certificate: IssuedCertificate, cause: string): Promise<void> {
  await expect(handler(eventForIssued(certificate))).rejects.toThrow(/^Unauthorized$/);
  expect(logLines.at(-1)).toMatchObject({ decision: 'deny', reason: 'revocation-list-unavailable', cause });
}

describe('a certificate on its CA\'s published CRL is denied', () => {
  test('the CA\'s revoked serial is denied, its other certificates are allowed (DER CRL, ECDSA P-256 / SHA-256)', async () => {
    const handler = authorizerWith([{ key: 'ca.crl', ca }]);
    expect(allowed(await handler(eventForIssued(good)))).toBe(true);
    const denied = await handler(eventForIssued(revoked));
    expect(allowed(denied)).toBe(false);
    expect(logLines.at(-1)).toMatchObject({ decision: 'deny', reason: 'certificate-revoked', certificateSerial: revoked.serialNumber });
  });

  test('a PEM-wrapped CRL works the same', async () => {
    const handler = authorizerWith([{ key: 'ca.pem.crl', ca }]);
    expect(allowed(await handler(eventForIssued(good)))).toBe(true);
    expect(allowed(await handler(eventForIssued(revoked)))).toBe(false);
  });

  test('each CA\'s CRL applies to its own certificates (ECDSA P-384 / SHA-384 and RSA / SHA-256 beside P-256)', async () => {
    const handler = authorizerWith([{ key: 'ca.crl', ca }, { key: 'partner.crl', ca: partner }, { key: 'rsa-partner.crl', ca: rsaPartner }]);
    expect(allowed(await handler(eventForIssued(good)))).toBe(true);
    expect(allowed(await handler(eventForIssued(partnerGood)))).toBe(true);
    expect(allowed(await handler(eventForIssued(revoked)))).toBe(false);
    expect(allowed(await handler(eventForIssued(partnerRevoked)))).toBe(false);
    expect(allowed(await handler(eventForIssued(rsaPartnerRevoked)))).toBe(false);
    expect(logLines.at(-1)).toMatchObject({ reason: 'certificate-revoked' });
  });

  test('a CA without a CRL is not checked against another CA\'s list', async () => {
    const handler = authorizerWith([{ key: 'ca.crl', ca }]);
    expect(allowed(await handler(eventForIssued(partnerGood)))).toBe(true);
  });
});

describe('a CRL that can\'t be trusted refuses its CA\'s certificates with 401, never allows them', () => {
  test.each([
    ['past its nextUpdate', 'past-next-update.crl', ca, 'stale'],
    ['older than its maximum age (7 days), before its nextUpdate', 'older-than-max-age.crl', ca, 'stale'],
    ['issued a day in the future', 'issued-tomorrow.crl', ca, 'not-yet-valid'],
    ['signed by another key under the CA\'s name', 'impostor.crl', ca, 'bad-signature'],
    ['signed by the CA\'s key under another name', 'renamed.crl', ca, 'issuer-mismatch'],
    ['truncated', 'truncated.crl', ca, 'malformed'],
    ['random bytes', 'garbage.crl', ca, 'malformed'],
    ['a certificate, not a CRL', 'certificate-not-crl.crl', ca, 'malformed'],
    ['missing from the bucket', 'no-such.crl', ca, 'fetch-failed:NoSuchKey'],
  ])('%s', async (_, key, issuer, cause) => {
    const handler = authorizerWith([{ key, ca: issuer }]);
    await expectRefused(handler, good, cause);
    await expectRefused(handler, revoked, cause);
  });

  test('the broken CRL of one CA does not refuse another CA\'s certificates', async () => {
    const handler = authorizerWith([{ key: 'impostor.crl', ca }, { key: 'partner.crl', ca: partner }]);
    expect(allowed(await handler(eventForIssued(partnerGood)))).toBe(true);
    await expectRefused(handler, good, 'bad-signature');
  });
});

describe('a serial the CA adds is refused within the refresh interval', () => {
  test('cached until the interval passes, then fetched again', async () => {
    const key = 'rolling.crl';
    await moto.put(BUCKET, key, ca.crl());
    const handler = authorizerWith([{ key, ca }], 10);
    expect(allowed(await handler(eventForIssued(later)))).toBe(true);

    ca.revoke('1003');
    await moto.put(BUCKET, key, ca.crl());
    // Within the interval the CRL in memory answers: the delay SecureApi states.
    clockOffset = 5_000;
    expect(allowed(await handler(eventForIssued(later)))).toBe(true);
    clockOffset = 10_001;
    expect(allowed(await handler(eventForIssued(later)))).toBe(false);
    expect(logLines.at(-1)).toMatchObject({ reason: 'certificate-revoked' });
  });

  test('an older CRL put back in the bucket does not bring a revoked certificate back', async () => {
    const key = 'rollback.crl';
    const now = Date.now();
    const older = ca.crl({ times: { lastUpdate: new Date(now - DAY), nextUpdate: new Date(now + DAY) } });
    ca.revoke('1004');
    const victim = ca.issue('/C=US/O=Example Corp/OU=scanners/CN=victim', '1004');
    await moto.put(BUCKET, key, ca.crl());
    const handler = authorizerWith([{ key, ca }], 10);
    expect(allowed(await handler(eventForIssued(victim)))).toBe(false);

    await moto.put(BUCKET, key, older);
    clockOffset = 10_001;
    await expectRefused(handler, victim, 'older-than-cached');
  });
});
