import { ALWAYS_GOOD_ITEM, authorizerOf, expectUnauthorized, mappingStore, NOT_REVOKED, revocationList } from './authorizer-parts';
import { synthesizedAuthorizerEnvironment } from './crl-environment';
import { eventForIssued } from './events';
import { LogCapture } from './log-capture';
import { AuthorizerHandler } from '../../../src/secure-api/runtime/authorizer';
import { readConfiguration } from '../../../src/secure-api/runtime/configuration';
import { CrlStore, FETCH_RETRY_MILLIS } from '../../../src/secure-api/runtime/crl-store';
import { GetObjectBytes } from '../../../src/secure-api/runtime/s3-reader';
import { TestCertificateAuthority } from '../../support/certificate-authority';
import { IssuedCertificate } from '../../support/certificates';

/**
 * Failures a local S3 server can't be made to produce on demand: a stubbed GetObject stands in
 * for throttling, errors and hangs. The CRLs are real (openssl), and the configuration is what
 * SecureApi synthesizes. Every failure must refuse (throw, so API Gateway answers 401 and caches
 * nothing), never allow, and never return a cacheable Deny.
 */
const ca = TestCertificateAuthority.create('/C=US/O=Example Corp/CN=Example Private CA');
const good = ca.issue('/C=US/O=Example Corp/OU=customers/CN=portal', '1001');
const revoked = ca.issue('/C=US/O=Example Corp/OU=customers/CN=stolen', '1002');
ca.revoke('1002');
const CRL = ca.crl();
const REFRESH_SECONDS = 60;
const configuration = readConfiguration(synthesizedAuthorizerEnvironment(
  [{ bucket: 'example-crls', key: 'ca.crl', caCertificatePem: ca.certificatePem }], [good.issuerDN], REFRESH_SECONDS));

afterAll(() => ca.dispose());

function serviceError(name: string, status: number): Error {
  return Object.assign(new Error(`${name}: Please reduce your request rate. (bucket example-crls, key ca.crl)`), {
    name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status },
  });
}

interface Harness {
  readonly handler: AuthorizerHandler;
  readonly logs: LogCapture;
  readonly store: CrlStore;
  /** GetObject calls so far. */
  calls(): number;
  at(millis: number): void;
}

/** An authorizer whose CRL reads go to `getObject`, on a clock the test sets. */
function harness(getObject: GetObjectBytes, fetchTimeoutMillis = 200): Harness {
  let now = Date.now();
  let calls = 0;
  const store = new CrlStore({
    sources: configuration.certificateRevocationLists!,
    getObject: (bucket, key, signal) => {
      calls++;
      return getObject(bucket, key, signal);
    },
    refreshSeconds: configuration.revocationListRefreshSeconds,
    fetchTimeoutMillis,
  });
  const start = now;
  const { handler, logs } = authorizerOf({
    store: mappingStore(ALWAYS_GOOD_ITEM, { mappingCacheTtlSeconds: 3600 }),
    revocations: revocationList(NOT_REVOKED, { revocationCacheTtlSeconds: 3600 }),
    revocationLists: store,
    trustedIssuers: configuration.trustedIssuers,
    now: () => now,
  });
  return { handler, logs, store, calls: () => calls, at: (millis) => (now = start + millis) };
}

async function isAllowed(handler: AuthorizerHandler, certificate: IssuedCertificate): Promise<boolean> {
  const response = await handler(eventForIssued(certificate));
  return response.policyDocument.Statement.some((statement) => statement.Effect === 'Allow');
}

test('the configuration SecureApi synthesizes is read back whole', () => {
  expect(configuration.certificateRevocationLists).toHaveLength(1);
  expect(configuration.revocationListRefreshSeconds).toBe(REFRESH_SECONDS);
});

describe('S3 errors refuse with Unauthorized, are not cached, and are not retried in a flood', () => {
  test.each([
    ['SlowDown', 503], ['ServiceUnavailable', 503], ['InternalError', 500], ['AccessDenied', 403], ['NoSuchBucket', 404],
  ])('%s', async (name, status) => {
    let failing = true;
    const h = harness(async () => {
      if (failing) throw serviceError(name, status);
      return CRL;
    });
    await expectUnauthorized(h.handler(eventForIssued(good)));
    await expectUnauthorized(h.handler(eventForIssued(revoked)));
    expect(h.logs.lines).toEqual([
      expect.objectContaining({ decision: 'deny', reason: 'revocation-list-unavailable', cause: `fetch-failed:${name}`, ou: 'customers' }),
      expect.objectContaining({ decision: 'deny', reason: 'revocation-list-unavailable', cause: `fetch-failed:${name}` }),
    ]);
    expect(JSON.stringify(h.logs.lines)).not.toContain('reduce your request rate'); // the error's name only
    // One GetObject for both requests: a failure is remembered for a few seconds.
    expect(h.calls()).toBe(1);

    failing = false;
    h.at(FETCH_RETRY_MILLIS - 1);
    await expectUnauthorized(h.handler(eventForIssued(good)));
    expect(h.calls()).toBe(1);
    h.at(FETCH_RETRY_MILLIS);
    expect(await isAllowed(h.handler, good)).toBe(true);
    expect(await isAllowed(h.handler, revoked)).toBe(false);
    expect(h.calls()).toBe(2);
  });
});

test('a GetObject that never answers times out and refuses', async () => {
  const h = harness(() => new Promise(() => undefined), 100);
  const started = performance.now();
  await expectUnauthorized(h.handler(eventForIssued(good)));
  expect(performance.now() - started).toBeLessThan(5000);
  expect(h.logs.last).toMatchObject({ reason: 'revocation-list-unavailable', cause: 'fetch-failed:TimeoutError' });
});

test('an object too large for a CRL refuses', async () => {
  const h = harness(async () => { throw Object.assign(new Error('object too large'), { name: 'ObjectTooLarge' }); });
  await expectUnauthorized(h.handler(eventForIssued(good)));
  expect(h.logs.last).toMatchObject({ cause: 'fetch-failed:ObjectTooLarge' });
});

test('requests arriving together at a cold start share one GetObject', async () => {
  let release: () => void = () => undefined;
  const h = harness(() => new Promise((resolve) => (release = () => resolve(CRL))), 5000);
  const answers = [good, revoked, good, good].map((certificate) => isAllowed(h.handler, certificate));
  await new Promise((resolve) => setImmediate(resolve));
  release();
  expect(await Promise.all(answers)).toEqual([true, false, true, true]);
  expect(h.calls()).toBe(1);
});

describe('the CRL in memory and its refresh', () => {
  test('warm decisions take no promise from the CRL check', async () => {
    const h = harness(async () => CRL);
    expect(await isAllowed(h.handler, good)).toBe(true);
    const issuer = [...configuration.trustedIssuers!.names][0];
    expect(typeof h.store.isRevoked(issuer, good.serialNumber, Date.now())).toBe('boolean');
  });

  test('a failing background refresh keeps the CRL until the interval passes, then refuses', async () => {
    let failing = false;
    const h = harness(async () => {
      if (failing) throw serviceError('SlowDown', 503);
      return CRL;
    });
    expect(await isAllowed(h.handler, good)).toBe(true);
    failing = true;
    // At 80 % of the interval a refresh starts in the background; the request is answered from memory.
    h.at(REFRESH_SECONDS * 1000 * 0.8);
    expect(await isAllowed(h.handler, good)).toBe(true);
    expect(h.calls()).toBe(2);
    h.at(REFRESH_SECONDS * 1000 - 1);
    expect(await isAllowed(h.handler, good)).toBe(true);
    expect(await isAllowed(h.handler, revoked)).toBe(false);
    // Past the interval the CRL may be out of date: refused until S3 answers again.
    h.at(REFRESH_SECONDS * 1000);
    await expectUnauthorized(h.handler(eventForIssued(good)));
    expect(h.logs.last).toMatchObject({ reason: 'revocation-list-unavailable', cause: 'fetch-failed:SlowDown' });
    failing = false;
    h.at(REFRESH_SECONDS * 1000 + FETCH_RETRY_MILLIS);
    expect(await isAllowed(h.handler, good)).toBe(true);
  });

  test('a CRL that turns stale in memory (past its nextUpdate) refuses, even within the interval', async () => {
    const now = Date.now();
    const shortLived = ca.crl({ times: { lastUpdate: new Date(now - 1000), nextUpdate: new Date(now + 30_000) } });
    const h = harness(async () => shortLived);
    expect(await isAllowed(h.handler, good)).toBe(true);
    h.at(31_000);
    await expectUnauthorized(h.handler(eventForIssued(good)));
    expect(h.logs.last).toMatchObject({ cause: 'stale' });
  });
});

describe('an unreadable CRL configuration refuses every request', () => {
  const [source] = configuration.certificateRevocationLists!;
  test.each([
    ['not JSON', '[{'],
    ['not a list', JSON.stringify(source)],
    ['five lists', JSON.stringify([source, source, source, source, source])],
    ['a bucket name S3 would refuse', JSON.stringify([{ ...source, bucket: 'Example_CRLs' }])],
    ['an empty key', JSON.stringify([{ ...source, key: '' }])],
    ['a key that is not base64', JSON.stringify([{ ...source, publicKey: 'not base64!' }])],
    ['a maximum age of 0', JSON.stringify([{ ...source, maxAgeSeconds: 0 }])],
    ['a maximum age as text', JSON.stringify([{ ...source, maxAgeSeconds: '604800' }])],
    ['a missing issuer', JSON.stringify([{ ...source, issuer: undefined }])],
  ])('%s', (_, value) => {
    expect(readConfiguration({ CERTIFICATE_REVOCATION_LISTS: value }).certificateRevocationLists).toBeUndefined();
  });

  test('no variable means no CRL, not an error', () => {
    expect(readConfiguration({}).certificateRevocationLists).toEqual([]);
  });

  test('a CA name or key that does not decode makes the store refuse to build', () => {
    expect(() => new CrlStore({ sources: [{ ...source, issuer: 'AAAA' }], getObject: async () => CRL, refreshSeconds: 60, fetchTimeoutMillis: 100 }))
      .toThrow();
    expect(() => new CrlStore({ sources: [{ ...source, publicKey: 'AAAA' }], getObject: async () => CRL, refreshSeconds: 60, fetchTimeoutMillis: 100 }))
      .toThrow();
  });

  test('without a CRL store the authorizer refuses as misconfigured', async () => {
    const { handler, logs } = authorizerOf({ revocationLists: undefined, trustedIssuers: configuration.trustedIssuers });
    await expectUnauthorized(handler(eventForIssued(good)));
    expect(logs.last).toMatchObject({ decision: 'deny', reason: 'misconfigured' });
  });
});
