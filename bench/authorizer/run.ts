import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { canonicalDistinguishedName } from '../../src/secure-api/distinguished-name';
import { verifyCrl } from '../../src/secure-api/runtime/certificate-revocation-list';
import { synthesizedAuthorizerEnvironment } from '../../test/secure-api/authorizer/crl-environment';
import { createMappingTable, createRevocationTable, localDynamoDb, putMapping } from '../../test/secure-api/authorizer/mapping-table';
import { TestCertificateAuthority } from '../../test/support/certificate-authority';
import { DynamoDbLocal, localSdkEnvironment, startDynamoDbLocal } from '../../test/support/dynamodb-local';
import { localS3Environment, MotoS3, startMotoS3 } from '../../test/support/moto-s3';

/**
 * Benchmarks the bundled certificate-OU authorizer (assets/secure-api/authorizer.lambda/index.js):
 * warm decisions with the mapping cached, decisions that miss the cache and read DynamoDB Local,
 * cold module load in fresh Node processes, and bundle size. Every decision also checks the
 * issuer's CRL: a CRL of {@link CRL_REVOKED} serials made by openssl, served by moto's S3 server and
 * held in memory by the authorizer; the time to verify and read that CRL is measured on its own.
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
const MISS_CALLS = 1_000;
const COLD_LOADS = 20;
const CRL_REVOKED = 10_000;
const CRL_PARSES = 20;
const CRL_BUCKET = 'bench-crls';
const CRL_KEY = 'ca.crl';

const TARGETS = { warmMedianMicros: 50, warmP99Micros: 50, coldLoadMillis: 50, bundleKilobytes: 50 };

type Handler = (event: unknown) => Promise<unknown>;

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
  const bundle = readFileSync(ASSET);
  const [dynamoDb, moto] = await Promise.all([startDynamoDbLocal(), startMotoS3()]);
  const ca = TestCertificateAuthority.create('/C=US/O=Example Corp/CN=Example Private CA');
  try {
    const crl = await publishCrl(ca, moto);
    const crlParseMillis = crlParses(ca, crl);
    const env = { ...await seedTable(dynamoDb), ...localS3Environment(moto.endpoint), ...crlEnvironment(ca) };
    const coldWithSdk = coldLoads(env, false);
    const coldAssetOnly = coldLoads(env, true);
    Object.assign(process.env, env);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const handler: Handler = require(ASSET).handler;
    const { warmAllow, warmDeny, warmRevoked, miss } = await decisionLatencies(handler);

    const results = {
      date: new Date().toISOString(),
      environment: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length },
      targets: TARGETS,
      bundle: { bytes: bundle.length, kilobytes: round(bundle.length / 1024), gzipBytes: gzipSync(bundle).length },
      warmAllowMicros: warmAllow,
      warmDenyMicros: warmDeny,
      warmRevokedMicros: warmRevoked,
      cacheMissMicros: miss,
      crl: { revokedSerials: CRL_REVOKED, bytes: crl.length, parseMillis: crlParseMillis },
      coldLoadMillis: { assetOnly: coldAssetOnly, includingSdkLoad: coldWithSdk },
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'authorizer.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(join(RESULTS, 'authorizer.md'), markdown(results));
    process.stdout.write(markdown(results));
  } finally {
    ca.dispose();
    await Promise.all([dynamoDb.stop(), moto.stop()]);
  }
}

/** The CA's CRL with {@link CRL_REVOKED} serials (not the bench client's), published in the local S3. */
async function publishCrl(ca: TestCertificateAuthority, moto: MotoS3): Promise<Buffer> {
  ca.revoke(...Array.from({ length: CRL_REVOKED }, (_, i) => (0x100000 + i * 7).toString(16)));
  const crl = ca.crl();
  await moto.put(CRL_BUCKET, CRL_KEY, crl);
  return crl;
}

/** Verifying the signature and reading every serial, as a refresh does; the CA's name is openssl's. */
function crlParses(ca: TestCertificateAuthority, crl: Buffer): Distribution {
  const issuer = { name: canonicalDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')!, publicKey: new X509Certificate(ca.certificatePem).publicKey };
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

/** The CRL variables exactly as SecureApi synthesizes them. */
function crlEnvironment(ca: TestCertificateAuthority): Record<string, string> {
  const env = synthesizedAuthorizerEnvironment([{ bucket: CRL_BUCKET, key: CRL_KEY, caCertificatePem: ca.certificatePem }],
    ['CN=Example Private CA,O=Example Corp,C=US']);
  return { CERTIFICATE_REVOCATION_LISTS: env.CERTIFICATE_REVOCATION_LISTS };
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
  for (let i = 0; i < MISS_CALLS; i += 25) {
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
    TRUSTED_ISSUERS: JSON.stringify(['CN=Example Private CA,O=Example Corp,C=US']),
    MAPPING_CACHE_TTL_SECONDS: '300',
    MAPPING_CACHE_MAX_ENTRIES: '5000',
  };
}

function event(ou: string, path = '/findings/org-1', serialNumber = '4a:9f:0c:33:12:aa:bb:cc'): unknown {
  return {
    type: 'REQUEST',
    methodArn: `${STAGE_PREFIX}/GET${path}`,
    resource: '/findings/{orgId}',
    path,
    httpMethod: 'GET',
    headers: { 'Host': 'api.example.com', 'User-Agent': 'bench' },
    requestContext: {
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      identity: {
        sourceIp: '203.0.113.10',
        clientCert: {
          clientCertPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
          subjectDN: `CN=client.example.com,OU=${ou},O=Example Corp,L=Seattle,ST=Washington,C=US`,
          issuerDN: 'CN=Example Private CA,O=Example Corp,C=US',
          serialNumber,
          validity: { notBefore: 'May 28 12:30:02 2019 GMT', notAfter: 'Aug  5 09:36:04 2099 GMT' },
        },
      },
    },
  };
}

/** Times each call; the decision log line is still built, only its write to stdout is skipped. */
async function decisionLatencies(handler: Handler) {
  const write = process.stdout.write;
  let loggedBytes = 0;
  process.stdout.write = ((chunk: string) => {
    loggedBytes += chunk.length;
    return true;
  }) as typeof process.stdout.write;
  try {
    const allow = event('customers');
    const deny = event('strangers');
    await handler(allow); // the one cache miss that fills the cache
    await handler(deny);
    const revoked = event('customers', '/findings/org-1', (0x100000 + 7 * 1234).toString(16));
    const revokedResponse = JSON.stringify(await handler(revoked));
    if (revokedResponse.includes('Allow')) {
      throw new Error('a certificate on the CRL was allowed: the benchmark is not measuring the CRL check');
    }
    const warmAllow = await timeCalls(WARM_UP_CALLS, WARM_CALLS, () => handler(allow));
    const warmDeny = await timeCalls(WARM_UP_CALLS, 20_000, () => handler(deny));
    const warmRevoked = await timeCalls(WARM_UP_CALLS, 20_000, () => handler(revoked));
    const missEvents = Array.from({ length: MISS_CALLS }, (_, i) => event(`tenant-${i}`));
    let next = 0;
    const miss = await timeCalls(0, MISS_CALLS, () => handler(missEvents[next++]));
    if (loggedBytes === 0) {
      throw new Error('the handler logged nothing: the benchmark is not measuring the real path');
    }
    return { warmAllow, warmDeny, warmRevoked, miss };
  } finally {
    process.stdout.write = write;
  }
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
  environment: { node: string; cpu: string; cpus: number };
  bundle: { bytes: number; kilobytes: number; gzipBytes: number };
  warmAllowMicros: Distribution;
  warmDenyMicros: Distribution;
  warmRevokedMicros: Distribution;
  cacheMissMicros: Distribution;
  crl: { revokedSerials: number; bytes: number; parseMillis: Distribution };
  coldLoadMillis: { assetOnly: Distribution; includingSdkLoad: Distribution };
}): string {
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const row = (name: string, d: Distribution, unit: string) =>
    `| ${name} | ${d.median} ${unit} | ${d.p99} ${unit} | ${d.mean} ${unit} | ${d.max} ${unit} | ${d.samples} |`;
  return [
    '# Certificate-OU authorizer benchmark',
    '',
    `${r.date}, Node.js ${r.environment.node}, ${r.environment.cpus} × ${r.environment.cpu}. ` +
      'Generated by `npx projen bench:authorizer` (bench/authorizer/run.ts) against the esbuild bundle, ' +
      'AWS SDK external, DynamoDB Local in memory on loopback, the issuer\'s CRL ' +
      `(${r.crl.revokedSerials} revoked serials, ${r.crl.bytes} bytes, made by openssl) served by moto's S3 server and checked on every decision. ` +
      'Latencies are in-process handler calls; the decision log line is built but not written to stdout.',
    '',
    '| measure | median | p99 | mean | max | samples |',
    '|---|---|---|---|---|---|',
    row('warm allow (mapping cached)', r.warmAllowMicros, 'µs'),
    row('warm deny (unknown OU, negative cache)', r.warmDenyMicros, 'µs'),
    row('warm deny (serial on the CRL)', r.warmRevokedMicros, 'µs'),
    row('cache miss (GetItem on DynamoDB Local)', r.cacheMissMicros, 'µs'),
    row('cold load, asset only (SDK preloaded)', r.coldLoadMillis.assetOnly, 'ms'),
    row('cold load, asset + AWS SDK client', r.coldLoadMillis.includingSdkLoad, 'ms'),
    row(`CRL verify + read (${r.crl.revokedSerials} serials)`, r.crl.parseMillis, 'ms'),
    '',
    `Bundle: ${r.bundle.bytes} bytes (${r.bundle.kilobytes} KB, ${r.bundle.gzipBytes} bytes gzipped).`,
    '',
    '| target | value | verdict |',
    '|---|---|---|',
    `| warm median < ${TARGETS.warmMedianMicros} µs | ${r.warmAllowMicros.median} µs | ${verdict(r.warmAllowMicros.median < TARGETS.warmMedianMicros)} |`,
    `| warm p99 < ${TARGETS.warmP99Micros} µs | ${r.warmAllowMicros.p99} µs | ${verdict(r.warmAllowMicros.p99 < TARGETS.warmP99Micros)} |`,
    `| cold load < ${TARGETS.coldLoadMillis} ms (asset, SDK external) | ${r.coldLoadMillis.assetOnly.median} ms | ${verdict(r.coldLoadMillis.assetOnly.median < TARGETS.coldLoadMillis)} |`,
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
