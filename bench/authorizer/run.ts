import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { canonicalDistinguishedName } from '../../src/secure-api/distinguished-name';
import { verifyCrl } from '../../src/secure-api/runtime/certificate-revocation-list';
import { synthesizedAuthorizerEnvironment } from '../../test/secure-api/runtime/crl-environment';
import { clientCertFields, clientCertificate, describedClientCert, EXAMPLE_CA, EXAMPLE_CA_DN, LOOKALIKE_CA, name } from '../../test/secure-api/runtime/events';
import { createMappingTable, createRevocationTable, localDynamoDb, putMapping } from '../../test/secure-api/runtime/mapping-table';
import { TestCertificateAuthority } from '../../test/support/certificate-authority';
import { DynamoDbLocal, localSdkEnvironment, startDynamoDbLocal } from '../../test/support/dynamodb-local';
import { localS3Environment, MotoS3, startMotoS3 } from '../../test/support/moto-s3';
import { WrittenCertificate } from '../../test/support/x509-writer';

/**
 * Benchmarks the bundled certificate-OU authorizer (assets/secure-api/authorizer.lambda/index.js).
 * Every event carries a real client certificate whose PEM agrees with API Gateway's subjectDN,
 * issuerDN, serialNumber and validity: written by test/support/x509-writer.ts (issuer trusted by
 * DN, or pinned by its public key), or issued by openssl for the CRL case
 * (test/support/certificate-authority.ts). Measured: warm decisions (certificate parsed before,
 * mapping, revocation item and CRL cached) with the issuer trusted by DN, pinned by key, and with
 * the issuer's CRL configured ({@link CRL_REVOKED} serials, served by moto's S3 server); a warm
 * deny for an unknown OU and for a serial on the CRL; the first sight of a certificate (PEM
 * parsed, DER checked, and the signature verified when the issuer is pinned); decisions that miss
 * the cache and read DynamoDB Local; verifying and reading the CRL; cold module load in fresh
 * Node processes; and bundle size. Before a scenario is timed, its decision is checked: the
 * returned policy's Effect and the reason in the decision log line.
 * Writes bench/results/authorizer.{json,md}.
 * Run with `npx projen bench:authorizer` (which bundles first).
 *
 * Why the AWS SDK stays external: bundling it (esbuild, minified) made a 526 KB asset that loaded
 * no faster (~230 ms against ~200 ms for the external SDK, same machine), and the runtime's copy
 * gets security patches without a release of ours.
 */
const ROOT = resolve(__dirname, '..', '..');
const ASSET = join(ROOT, 'assets', 'secure-api', 'authorizer.lambda', 'index.js');
const RESULTS = join(ROOT, 'bench', 'results');
const TABLE = 'ou-mapping-bench';
const REVOCATIONS = 'revocations';
const STAGE_PREFIX = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod';

const WARM_CALLS = 50_000;
const WARM_UP_CALLS = 5_000;
const DENY_CALLS = 20_000;
const MISS_CALLS = 1_000;
const FIRST_SIGHT_CALLS = 2_000;
/** Distinct certificates cycled through for first sight: more than the authorizer keeps parsed (16). */
const FIRST_SIGHT_CERTIFICATES = 59;
const COLD_LOADS = 20;
const CRL_REVOKED = 10_000;
const CRL_PARSES = 20;
const CRL_BUCKET = 'bench-crls';
const CRL_KEY = 'ca.crl';
/** The openssl CA whose CRL is checked; its own name, so the CRL applies to its certificates only. */
const CRL_CA_SUBJECT = '/C=US/O=Example Corp/CN=Example CRL CA';
const CRL_CA_DN = 'CN=Example CRL CA,O=Example Corp,C=US';
const CLIENT_SUBJECT = '/C=US/ST=Washington/L=Seattle/O=Example Corp/OU=customers/CN=client.example.com';
const CLIENT_SERIAL = '4A9F0C3312AABBCC';
const REVOKED_SERIAL = (0x100000 + 7 * 1234).toString(16);

/** Issue 13: the warm decision, certificate parsing and revocation check included, p99 under 1 ms; the bundle under 100 KB. */
const TARGETS = { warmP99Micros: 1000, bundleKilobytes: 100 };

type Handler = (event: unknown) => Promise<unknown>;
type Expected = 'allowed' | 'ou-not-mapped' | 'certificate-revoked' | 'issuer-not-trusted';

interface Distribution {
  readonly samples: number;
  readonly median: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

async function main(): Promise<void> {
  if (!existsSync(ASSET)) {
    throw new Error(`${ASSET} is missing: run \`npx projen bundle:secure-api/authorizer.lambda\` (or \`npx projen bench:authorizer\`)`);
  }
  const loadBefore = loadavg();
  const bundle = readFileSync(ASSET);
  const [dynamoDb, moto] = await Promise.all([startDynamoDbLocal(), startMotoS3()]);
  const crlCa = TestCertificateAuthority.create(CRL_CA_SUBJECT);
  const log = captureLog();
  try {
    const crl = await publishCrl(crlCa, moto);
    const crlParseMillis = crlParses(crlCa, crl);
    const base = { ...await seedTable(dynamoDb), ...localS3Environment(moto.endpoint) };
    const crlEnv = { ...base, ...crlEnvironment(crlCa) };
    const coldWithSdk = coldLoads(crlEnv, false);
    const coldAssetOnly = coldLoads(crlEnv, true);

    log.start();
    const byDn = await issuerScenarios(loadHandler(base), log);
    const pinnedHandler = loadHandler({ ...base, TRUSTED_ISSUERS: JSON.stringify([{ publicKey: spkiBase64(EXAMPLE_CA) }]) });
    // Pinning is in force: a CA that copies the trusted CA's name, with another key, is refused.
    await expectDecision(pinnedHandler, log, event(clientCertFields(clientOf('customers', 0, LOOKALIKE_CA))), 'issuer-not-trusted');
    const pinned = await issuerScenarios(pinnedHandler, log);
    const withCrl = await crlScenarios(loadHandler(crlEnv), log, crlCa);
    const missMicros = await cacheMisses(loadHandler(base), log);
    log.stop();

    const results = {
      date: new Date().toISOString(),
      environment: {
        node: process.version,
        cpu: cpus()[0]?.model ?? 'unknown',
        cpus: cpus().length,
        loadAverageBefore: loadBefore.map(round),
        loadAverageAfter: loadavg().map(round),
      },
      targets: TARGETS,
      bundle: { bytes: bundle.length, kilobytes: round(bundle.length / 1024), gzipBytes: gzipSync(bundle).length },
      warmAllowMicros: byDn.warmAllow,
      warmAllowPinnedMicros: pinned.warmAllow,
      warmAllowCrlMicros: withCrl.warmAllow,
      warmDenyMicros: byDn.warmDeny,
      warmRevokedMicros: withCrl.warmRevoked,
      firstSightMicros: byDn.firstSight,
      firstSightPinnedMicros: pinned.firstSight,
      cacheMissMicros: missMicros,
      crl: { revokedSerials: CRL_REVOKED, bytes: crl.length, parseMillis: crlParseMillis },
      coldLoadMillis: { assetOnly: coldAssetOnly, includingSdkLoad: coldWithSdk },
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'authorizer.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(join(RESULTS, 'authorizer.md'), markdown(results));
    process.stdout.write(markdown(results));
  } finally {
    log.stop();
    crlCa.dispose();
    await Promise.all([dynamoDb.stop(), moto.stop()]);
  }
}

/** The CA's CRL with {@link CRL_REVOKED} serials ({@link REVOKED_SERIAL} among them), published in the local S3. */
async function publishCrl(ca: TestCertificateAuthority, moto: MotoS3): Promise<Buffer> {
  ca.revoke(...Array.from({ length: CRL_REVOKED }, (_, i) => (0x100000 + i * 7).toString(16)));
  const crl = ca.crl();
  await moto.put(CRL_BUCKET, CRL_KEY, crl);
  return crl;
}

/** Verifying the signature and reading every serial, as a refresh does; the CA's name is openssl's. */
function crlParses(ca: TestCertificateAuthority, crl: Buffer): Distribution {
  const issuer = { name: canonicalDistinguishedName(CRL_CA_DN)!, publicKey: new X509Certificate(ca.certificatePem).publicKey };
  const millis = new Float64Array(CRL_PARSES);
  for (let i = 0; i < CRL_PARSES; i++) {
    const start = process.hrtime.bigint();
    const parsed = verifyCrl(crl, issuer);
    millis[i] = Number(process.hrtime.bigint() - start) / 1e6;
    if (parsed.revokedSerials.size !== CRL_REVOKED) {
      throw new Error(`the CRL read ${parsed.revokedSerials.size} serials, not ${CRL_REVOKED}`);
    }
  }
  return distribution(millis);
}

/** The CRL and trusted-issuer variables exactly as SecureApi synthesizes them. */
function crlEnvironment(ca: TestCertificateAuthority): Record<string, string> {
  const env = synthesizedAuthorizerEnvironment([{ bucket: CRL_BUCKET, key: CRL_KEY, caCertificatePem: ca.certificatePem }], [CRL_CA_DN]);
  return { CERTIFICATE_REVOCATION_LISTS: env.CERTIFICATE_REVOCATION_LISTS, TRUSTED_ISSUERS: env.TRUSTED_ISSUERS };
}

function spkiBase64(ca: WrittenCertificate): string {
  return ca.keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

async function seedTable(dynamoDb: DynamoDbLocal): Promise<Record<string, string>> {
  const client = localDynamoDb(dynamoDb.endpoint);
  await createMappingTable(client, TABLE);
  await createRevocationTable(client, REVOCATIONS);
  await putMapping(client, TABLE, {
    ou: 'customers',
    routes: ['GET /findings/{orgId}', 'GET /findings/{orgId}/summary', 'POST /reports'],
    orgId: 'org-1',
    context: { tier: 'gold' },
  });
  // One more batch than is timed: its first tenant is the miss checked before timing.
  for (let i = 0; i < MISS_CALLS + 25; i += 25) {
    await client.send(new BatchWriteItemCommand({
      RequestItems: {
        [TABLE]: Array.from({ length: 25 }, (_, j) => ({
          PutRequest: { Item: { ou: { S: `tenant-${i + j}` }, routes: { L: [{ S: 'GET /findings/{orgId}' }] }, orgId: { S: `org-${i + j}` } } },
        })),
      },
    }));
  }
  client.destroy();
  return {
    ...localSdkEnvironment(dynamoDb.endpoint),
    MAPPING_TABLE_NAME: TABLE,
    REVOCATION_TABLE_NAME: REVOCATIONS,
    TRUSTED_ISSUERS: JSON.stringify([EXAMPLE_CA_DN]),
    MAPPING_CACHE_TTL_SECONDS: '300',
    MAPPING_CACHE_MAX_ENTRIES: '5000',
  };
}

/** A fresh instance of the bundle (as a new Lambda instance), configured with `env`. */
function loadHandler(env: Record<string, string>): Handler {
  delete require.cache[ASSET];
  for (const key of ['TRUSTED_ISSUERS', 'CERTIFICATE_REVOCATION_LISTS']) {
    delete process.env[key];
  }
  Object.assign(process.env, env);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(ASSET).handler;
}

/**
 * A certificate for the OU from `issuer`; the same OU with another `second` of notBefore is another
 * certificate (another PEM) of the same serial.
 */
function clientOf(ou: string, second = 0, issuer: WrittenCertificate = EXAMPLE_CA): WrittenCertificate {
  return clientCertificate({
    subject: name('C=US', 'ST=Washington', 'L=Seattle', 'O=Example Corp', `OU=${ou}`, 'CN=client.example.com'),
    issuer,
    serialHex: CLIENT_SERIAL,
    notBefore: new Date(Date.UTC(2019, 4, 28, 12, 30, second)),
  });
}

function event(clientCert: unknown, path = '/findings/org-1'): unknown {
  return {
    type: 'REQUEST',
    methodArn: `${STAGE_PREFIX}/GET${path}`,
    resource: '/findings/{orgId}',
    path,
    httpMethod: 'GET',
    headers: { 'Host': 'api.example.com', 'User-Agent': 'bench' },
    requestContext: {
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      identity: { sourceIp: '203.0.113.10', clientCert },
    },
  };
}

interface LogCapture {
  start(): void;
  stop(): void;
  /** The last line the handler wrote. */
  last(): string | undefined;
  lines(): number;
}

/** Replaces stdout's write: the decision log line is still built, only its write is skipped; the last is kept. */
function captureLog(): LogCapture {
  const write = process.stdout.write;
  let last: string | undefined;
  let count = 0;
  return {
    start: () => {
      process.stdout.write = ((chunk: string) => {
        last = chunk;
        count++;
        return true;
      }) as typeof process.stdout.write;
    },
    stop: () => {
      process.stdout.write = write;
    },
    last: () => last,
    lines: () => count,
  };
}

/**
 * Calls the handler once and fails unless the decision is the intended one: for `allowed`, a
 * policy whose statements all allow; for a deny, a policy that allows nothing and a decision log
 * line giving `expected` as the reason.
 */
async function expectDecision(handler: Handler, log: LogCapture, request: unknown, expected: Expected): Promise<void> {
  const before = log.lines();
  const response = await handler(request) as { policyDocument?: { Statement?: { Effect?: string }[] } };
  const effects = (response.policyDocument?.Statement ?? []).map((statement) => statement.Effect);
  const allowed = effects.length > 0 && effects.every((effect) => effect === 'Allow');
  const line = log.lines() > before ? JSON.parse(log.last()!) : undefined;
  const decision = line?.type === 'authorization-decision' ? `${line.decision}/${line.reason}` : 'no decision logged';
  const intended = expected === 'allowed' ? 'allow/allowed' : `deny/${expected}`;
  if (decision !== intended || allowed !== (expected === 'allowed') || (!allowed && effects.includes('Allow'))) {
    throw new Error(`expected ${intended}, the handler decided ${decision} with effects [${effects.join(', ')}]: the benchmark would measure the wrong path`);
  }
}

/** The scenarios run for each way of trusting the issuer (by DN, pinned by key). */
async function issuerScenarios(handler: Handler, log: LogCapture) {
  const allow = event(clientCertFields(clientOf('customers')));
  const deny = event(clientCertFields(clientOf('strangers')));
  await expectDecision(handler, log, allow, 'allowed'); // the one cache miss that fills the cache
  await expectDecision(handler, log, deny, 'ou-not-mapped');
  const warmAllow = await timeCalls(WARM_UP_CALLS, WARM_CALLS, () => handler(allow));
  await expectDecision(handler, log, allow, 'allowed');
  const warmDeny = await timeCalls(WARM_UP_CALLS, DENY_CALLS, () => handler(deny));
  await expectDecision(handler, log, deny, 'ou-not-mapped');
  // Certificates of the same OU and serial the authorizer has not seen (more than it keeps parsed):
  // each is parsed and checked, its look-ups answered from the caches.
  await expectDecision(handler, log, event(clientCertFields(clientOf('customers', FIRST_SIGHT_CERTIFICATES + 1))), 'allowed');
  const fresh = Array.from({ length: FIRST_SIGHT_CERTIFICATES }, (_, i) => event(clientCertFields(clientOf('customers', 1 + i))));
  let next = 0;
  const firstSight = await timeCalls(0, FIRST_SIGHT_CALLS, () => handler(fresh[next++ % fresh.length]));
  await expectDecision(handler, log, fresh[next % fresh.length], 'allowed');
  return { warmAllow, warmDeny, firstSight };
}

/** Warm decisions under the CRL: a certificate of the CRL's CA not on it, and one on it. */
async function crlScenarios(handler: Handler, log: LogCapture, ca: TestCertificateAuthority) {
  const allow = event(describedClientCert(ca.issue(CLIENT_SUBJECT, CLIENT_SERIAL)));
  const revoked = event(describedClientCert(ca.issue(CLIENT_SUBJECT, REVOKED_SERIAL)));
  await expectDecision(handler, log, allow, 'allowed'); // fetches the CRL and fills the caches
  await expectDecision(handler, log, revoked, 'certificate-revoked');
  const warmAllow = await timeCalls(WARM_UP_CALLS, WARM_CALLS, () => handler(allow));
  await expectDecision(handler, log, allow, 'allowed');
  const warmRevoked = await timeCalls(WARM_UP_CALLS, DENY_CALLS, () => handler(revoked));
  await expectDecision(handler, log, revoked, 'certificate-revoked');
  return { warmAllow, warmRevoked };
}

/** Each call an OU not yet cached: a GetItem on DynamoDB Local (the certificate's revocation item cached). */
async function cacheMisses(handler: Handler, log: LogCapture): Promise<Distribution> {
  await expectDecision(handler, log, event(clientCertFields(clientOf(`tenant-${MISS_CALLS}`))), 'allowed');
  const missEvents = Array.from({ length: MISS_CALLS }, (_, i) => event(clientCertFields(clientOf(`tenant-${i}`))));
  let next = 0;
  const miss = await timeCalls(0, MISS_CALLS, () => handler(missEvents[next++]));
  await expectDecision(handler, log, missEvents[0], 'allowed');
  return miss;
}

async function timeCalls(warmUp: number, calls: number, call: () => Promise<unknown>): Promise<Distribution> {
  for (let i = 0; i < warmUp; i++) {
    await call();
  }
  const micros = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await call();
    micros[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return distribution(micros);
}

/** Module load in fresh processes: with the AWS SDK loaded too (as a Lambda cold start pays), and the asset alone. */
function coldLoads(env: Record<string, string>, preloadSdk: boolean): Distribution {
  const script = [
    preloadSdk ? "require('@aws-sdk/client-dynamodb'); require('@aws-sdk/client-s3');" : '',
    'const start = process.hrtime.bigint();',
    `require(${JSON.stringify(ASSET)});`,
    'process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));',
  ].join('\n');
  const millis = new Float64Array(COLD_LOADS);
  for (let i = 0; i < COLD_LOADS; i++) {
    const output = execFileSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' },
      encoding: 'utf8',
    });
    millis[i] = Number(output.trim().split('\n').pop());
  }
  return distribution(millis);
}

function distribution(values: Float64Array): Distribution {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    samples: sorted.length,
    median: round(at(0.5)),
    p99: round(at(0.99)),
    mean: round(sum / sorted.length),
    max: round(sorted[sorted.length - 1]),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function markdown(r: {
  date: string;
  environment: { node: string; cpu: string; cpus: number; loadAverageBefore: number[]; loadAverageAfter: number[] };
  bundle: { bytes: number; kilobytes: number; gzipBytes: number };
  warmAllowMicros: Distribution;
  warmAllowPinnedMicros: Distribution;
  warmAllowCrlMicros: Distribution;
  warmDenyMicros: Distribution;
  warmRevokedMicros: Distribution;
  firstSightMicros: Distribution;
  firstSightPinnedMicros: Distribution;
  cacheMissMicros: Distribution;
  crl: { revokedSerials: number; bytes: number; parseMillis: Distribution };
  coldLoadMillis: { assetOnly: Distribution; includingSdkLoad: Distribution };
}): string {
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const row = (measure: string, d: Distribution, unit: string) =>
    `| ${measure} | ${d.median} ${unit} | ${d.p99} ${unit} | ${d.mean} ${unit} | ${d.max} ${unit} | ${d.samples} |`;
  const p99Target = (measure: string, d: Distribution) =>
    `| ${measure} p99 < ${TARGETS.warmP99Micros} µs | ${d.p99} µs | ${verdict(d.p99 < TARGETS.warmP99Micros)} |`;
  const load = (l: number[]) => l.join(' / ');
  return [
    '# Certificate-OU authorizer benchmark',
    '',
    `${r.date}, Node.js ${r.environment.node}, ${r.environment.cpus} × ${r.environment.cpu}; ` +
      `load average (1 / 5 / 15 min) ${load(r.environment.loadAverageBefore)} at the start, ${load(r.environment.loadAverageAfter)} at the end ` +
      '(a shared machine: figures taken under load are slower than on an idle one). ' +
      'Generated by `npx projen bench:authorizer` (bench/authorizer/run.ts) against the esbuild bundle, ' +
      'AWS SDK external, DynamoDB Local in memory on loopback. Every event carries a real client certificate whose PEM agrees ' +
      'with API Gateway\'s subjectDN, issuerDN, serialNumber and validity; each scenario\'s decision (policy Effect, and the ' +
      'reason in the decision log line) is checked before and after it is timed. The CRL case: the issuer\'s CRL ' +
      `(${r.crl.revokedSerials} revoked serials, ${r.crl.bytes} bytes, made by openssl) served by moto's S3 server, fetched once and cached. ` +
      'Latencies are in-process handler calls; the decision log line is built but not written to stdout.',
    '',
    '| measure | median | p99 | mean | max | samples |',
    '|---|---|---|---|---|---|',
    row('warm allow, issuer by DN (certificate parsed before; mapping and revocation item cached)', r.warmAllowMicros, 'µs'),
    row('warm allow, issuer pinned by key', r.warmAllowPinnedMicros, 'µs'),
    row('warm allow, issuer\'s CRL configured (cached)', r.warmAllowCrlMicros, 'µs'),
    row('warm deny, unknown OU (negative cache)', r.warmDenyMicros, 'µs'),
    row('warm deny, serial on the CRL', r.warmRevokedMicros, 'µs'),
    row('first sight of a certificate, issuer by DN (PEM parsed, DER checked; look-ups cached)', r.firstSightMicros, 'µs'),
    row('first sight, issuer pinned by key (signature verified too)', r.firstSightPinnedMicros, 'µs'),
    row('cache miss (certificate parsed, GetItem on DynamoDB Local)', r.cacheMissMicros, 'µs'),
    row(`CRL verify + read (${r.crl.revokedSerials} serials)`, r.crl.parseMillis, 'ms'),
    row('cold load, asset only (SDK preloaded)', r.coldLoadMillis.assetOnly, 'ms'),
    row('cold load, asset + AWS SDK clients', r.coldLoadMillis.includingSdkLoad, 'ms'),
    '',
    `Bundle: ${r.bundle.bytes} bytes (${r.bundle.kilobytes} KB, ${r.bundle.gzipBytes} bytes gzipped).`,
    '',
    'Targets of issue 13:',
    '',
    '| target | value | verdict |',
    '|---|---|---|',
    p99Target('warm allow, by DN,', r.warmAllowMicros),
    p99Target('warm allow, pinned,', r.warmAllowPinnedMicros),
    p99Target('warm allow, CRL,', r.warmAllowCrlMicros),
    p99Target('first sight, pinned,', r.firstSightPinnedMicros),
    `| bundle < ${TARGETS.bundleKilobytes} KB | ${r.bundle.kilobytes} KB | ${verdict(r.bundle.kilobytes < TARGETS.bundleKilobytes)} |`,
    '',
  ].join('\n');
}

void (async () => {
  try {
    await main();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
  // The handler's SDK client may hold keep-alive sockets; the benchmark is done when main() is.
  process.exit();
})();
