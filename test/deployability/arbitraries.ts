import * as fc from 'fast-check';
import { writeCertificate } from '../support/x509-writer';

/** A CA certificate to pin (written with Node's crypto, see test/support/x509-writer.ts). */
const PINNED_CA_PEM = writeCertificate({ subject: [[{ type: 'CN', value: 'Pinned CA' }]], ca: true }).pem;

/*
 * Random but valid-looking props, the way users write them: plain words, URLs, Unicode, IPv6,
 * long names, paths with many parameters. Some are valid and some are not; the property under
 * test is that each combination is either refused at synthesis with a clear error or deploys.
 */

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/);
const unicodeWord = fc.constantFrom('ordénes', 'заказы', '注文', 'naïve', 'smile😀');
const longWord = fc.integer({ min: 60, max: 300 }).map((n) => 'x'.repeat(n));
/** A name-like string: usually plain, sometimes Unicode, long, spaced, dotted or slashed. */
export const nameLike = fc.oneof(
  { weight: 16, arbitrary: word },
  { weight: 1, arbitrary: unicodeWord },
  { weight: 1, arbitrary: longWord },
  { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a} ${b}`) },
  { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}.${b}`) },
  { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}/${b}`) },
  { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}-${b}_1`) },
  { weight: 1, arbitrary: fc.constant('') },
);

export const url = fc.tuple(fc.domain(), fc.array(word, { maxLength: 3 })).map(([host, parts]) => `https://${host}/${parts.join('/')}`);

const segment = fc.oneof(
  { weight: 10, arbitrary: word },
  { weight: 6, arbitrary: word.map((name) => `{${name}}`) },
  { weight: 1, arbitrary: fc.constantFrom('v1.0', 'a-b_c', 'x:y', '$batch') },
  { weight: 1, arbitrary: fc.oneof(unicodeWord, fc.constantFrom('~user', '@me')) },
);
/** A resource path of 1 to 8 segments, many of them parameters, sometimes ending in `{proxy+}`. */
export const routePath = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 8 }), fc.boolean())
  .map(([segments, greedy]) => `/${[...segments, ...(greedy ? ['{proxy+}'] : [])].join('/')}`);

export const route = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'get'),
  path: routePath,
  requiredHeaders: fc.option(fc.array(fc.oneof(word, fc.constantFrom('X-Request-Id', 'Content-MD5', 'x_tenant')), { maxLength: 2 }), { nil: undefined }),
  requiredQueryParameters: fc.option(fc.array(word, { maxLength: 2 }), { nil: undefined }),
});

/** An IPv4 network: the address masked to its prefix, as users copy it from their network plan. */
const ipv4Network = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 8, max: 32 })).map(([address, bits]) => {
  const hostSize = 2 ** (32 - bits);
  const network = Math.floor(address / hostSize) * hostSize;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${bits}`;
});
/** An IPv6 network on a 16-bit boundary, written compressed (`2001:db8::/32`). */
const ipv6Network = fc.tuple(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 7 }))
  .map(([groups]) => `${groups.map((group) => group.toString(16)).join(':')}::/${groups.length * 16}`);
const anyCidr = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 8, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 16, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
);
export const cidrs = fc.array(
  fc.oneof({ weight: 4, arbitrary: ipv4Network }, { weight: 4, arbitrary: ipv6Network }, { weight: 1, arbitrary: anyCidr }),
  { minLength: 1, maxLength: 3 },
);

export const stageName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('prod', 'v1', 'beta_2', 'Stage-2') },
  { weight: 1, arbitrary: fc.constantFrom('v1.0', 'prod stage', 'étape') },
  { weight: 1, arbitrary: longWord.map((x) => x.slice(0, 130)) },
);

export const identitySources = fc.uniqueArray(fc.constantFrom(
  'method.request.header.Authorization',
  'method.request.querystring.token',
  'context.identity.sourceIp',
  'context.identity.userAgent',
  'context.identity.clientCert.serialNumber',
  'context.identity.clientCert.issuerDN',
  'stageVariables.tenant',
), { maxLength: 3 });

export const cognitoOptions = fc.record({
  scopes: fc.uniqueArray(fc.oneof(word.map((w) => `orders.${w}`), nameLike), { minLength: 1, maxLength: 3 }),
  resourceServerIdentifier: fc.option(fc.oneof(url, word, nameLike), { nil: undefined }),
  clientNames: fc.uniqueArray(nameLike, { maxLength: 2 }),
  domainPrefix: fc.option(fc.oneof(fc.tuple(word, word).map(([a, b]) => `${a}-${b}`), nameLike), { nil: undefined }),
});

export const lambdaOptions = fc.record({
  identitySources,
  cacheTtlSeconds: fc.option(fc.constantFrom(0, 60, 300, 3600), { nil: undefined }),
  contextKeys: fc.option(fc.array(fc.oneof(word, fc.constantFrom('tenant_id', 'org-id', 'rôle')), { maxLength: 2 }), { nil: undefined }),
  unsafeReason: fc.option(fc.constant('Callers are appliances with fixed addresses.'), { nil: undefined, freq: 3 }),
});

export const certificateOuOptions = fc.record({
  ous: fc.uniqueArray(fc.oneof({ weight: 6, arbitrary: word }, { weight: 2, arbitrary: nameLike },
    { weight: 1, arbitrary: fc.constantFrom('Scanners, Inc.', 'OU=nested', 'Équipe Sécurité') }), { minLength: 1, maxLength: 3 }),
  cacheTtlSeconds: fc.option(fc.constantFrom(0, 300, 3600), { nil: undefined }),
  /** Issuer DNs, or `pem:` and a CA certificate (or text that is none) for `TrustedIssuer.fromCertificatePem`. */
  trustedIssuers: fc.option(fc.array(fc.constantFrom('CN=Example Private CA,O=Example Corp,C=US', 'CN=Équipe CA,O=Exemple\\, SA',
    'C=US+ST=WA,CN=Issuing CA 2', 'not a DN', `pem:${PINNED_CA_PEM}`, 'pem:-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'),
  { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 6 }),
});

export const secureApiCase = fc.record({
  mode: fc.constantFrom('iam', 'cognito', 'lambda', 'certificateOu'),
  cognito: cognitoOptions,
  lambda: lambdaOptions,
  certificateOu: certificateOuOptions,
  apiName: fc.option(nameLike, { nil: undefined }),
  stageName: fc.option(stageName, { nil: undefined }),
  allowedSourceCidrs: fc.option(cidrs, { nil: undefined }),
  domainName: fc.option(fc.domain(), { nil: undefined }),
  basePath: fc.option(fc.oneof({ weight: 6, arbitrary: word }, { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}/${b}`) }), { nil: undefined }),
  unsafeNoWebAcl: fc.boolean(),
  /** Certificate-OU mode: a construct-managed truststore instead of an imported one. */
  managedTruststore: fc.boolean(),
  routes: fc.array(route, { minLength: 1, maxLength: 4 }),
  unauthenticatedHealth: fc.boolean(),
});

export const auditTrailCase = fc.record({
  trailName: fc.option(fc.oneof(nameLike, fc.ipV4(), fc.tuple(word, word).map(([a, b]) => `${a}.${b}-trail`)), { nil: undefined }),
  s3KeyPrefix: fc.option(fc.oneof(word, fc.tuple(word, word).map(([a, b]) => `${a}/${b}`), nameLike), { nil: undefined }),
});

export const encryptedTableCase = fc.record({
  tableName: fc.option(fc.oneof(nameLike, fc.tuple(word, word).map(([a, b]) => `${a}.${b}-v2`)), { nil: undefined }),
  partitionKey: fc.oneof(word, fc.constantFrom('orgId', 'pk#1', 'clé')),
});

export type SecureApiCase = typeof secureApiCase extends fc.Arbitrary<infer T> ? T : never;
export type AuditTrailCase = typeof auditTrailCase extends fc.Arbitrary<infer T> ? T : never;
export type EncryptedTableCase = typeof encryptedTableCase extends fc.Arbitrary<infer T> ? T : never;

/** One case: which construct, and its props. */
export const deployCase = fc.oneof(
  { weight: 6, arbitrary: secureApiCase.map((props) => ({ kind: 'SecureApi' as const, props })) },
  { weight: 1, arbitrary: auditTrailCase.map((props) => ({ kind: 'AuditTrail' as const, props })) },
  { weight: 1, arbitrary: encryptedTableCase.map((props) => ({ kind: 'EncryptedTable' as const, props })) },
);
export type DeployCase = typeof deployCase extends fc.Arbitrary<infer T> ? T : never;
