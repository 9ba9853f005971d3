/**
 * The contract between `SecureApi` (which names the certificate revocation lists its CAs publish
 * in S3) and the certificate-OU authorizer (which fetches, verifies and applies them).
 * Dependency-free, like mapping-format.ts.
 *
 * API Gateway checks a client certificate against the truststore but not for revocation; AWS
 * suggests a Lambda authorizer do it (API Gateway developer guide, "Configuring mutual TLS
 * authentication for a REST API": "you can use a Lambda authorizer to check against a certificate
 * revocation list").
 *
 * {@link CERTIFICATE_REVOCATION_LISTS_ENV} holds a JSON array, one {@link RevocationListSource} per list. It
 * is kept small for Lambda's 4 KB limit on all environment variables together ("Lambda quotas":
 * "Function environment variables: 4 KB"): the CA is pinned by its subject name and public key
 * (a few hundred bytes of DER in base64), not by its whole certificate.
 */
export interface RevocationListSource {
  /** The S3 bucket holding the CRL. */
  readonly bucket: string;
  /** The CRL's object key (DER, or PEM `X509 CRL`). */
  readonly key: string;
  /** The DER of the issuing CA's subject `Name`, base64: the issuer the CRL must name, and whose certificates it covers. */
  readonly issuer: string;
  /** The issuing CA's SubjectPublicKeyInfo DER, base64: the key the CRL's signature must verify with. */
  readonly publicKey: string;
  /** The CRL is refused once its thisUpdate is older than this, even before its nextUpdate. */
  readonly maxAgeSeconds: number;
}

/** Environment variable: the revocation lists, a JSON array of {@link RevocationListSource}. */
export const CERTIFICATE_REVOCATION_LISTS_ENV = 'CERTIFICATE_REVOCATION_LISTS';
/** Environment variable: how often, in seconds, the authorizer fetches each revocation list again. */
export const REVOCATION_LIST_REFRESH_SECONDS_ENV = 'REVOCATION_LIST_REFRESH_SECONDS';

export const DEFAULT_REVOCATION_LIST_REFRESH_SECONDS = 300;
export const MIN_REVOCATION_LIST_REFRESH_SECONDS = 10;
export const MAX_REVOCATION_LIST_REFRESH_SECONDS = 3600;
/** A week: set it to your CA's publishing schedule (AWS Private CA refreshes its CRL before half its validity has passed). */
export const DEFAULT_REVOCATION_LIST_MAX_AGE_SECONDS = 7 * 24 * 3600;
export const MAX_REVOCATION_LIST_MAX_AGE_SECONDS = 366 * 24 * 3600;
/** Enough for a CA per partner and keeps the environment under 4 KB with RSA-4096 keys. */
export const MAX_REVOCATION_LISTS = 4;
/** S3 object keys are at most 1,024 bytes of UTF-8 (S3 user guide, "Naming Amazon S3 objects"). */
export const MAX_OBJECT_KEY_BYTES = 1024;

/** S3 bucket names (S3 user guide, "General purpose bucket naming rules"): 3 to 63 of `a-z 0-9 . -`, a letter or digit at each end. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A DER value in base64, no longer than a CA's name or key. */
const BASE64 = /^[A-Za-z0-9+/]{4,2048}={0,2}$/;

/** Whether `seconds` is a refresh interval within the limits above (the construct's check, the authorizer's fallback to the default). */
export function isRevocationListRefreshSeconds(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds >= MIN_REVOCATION_LIST_REFRESH_SECONDS && seconds <= MAX_REVOCATION_LIST_REFRESH_SECONDS;
}

/**
 * Whether `value` is what {@link CERTIFICATE_REVOCATION_LISTS_ENV} holds: at most
 * {@link MAX_REVOCATION_LISTS} sources, each within the limits above. The authorizer refuses
 * every request when its environment holds anything else (the construct refuses each limit with
 * its own error before it writes the list).
 */
export function isRevocationListSources(value: unknown): value is RevocationListSource[] {
  return Array.isArray(value) && value.length <= MAX_REVOCATION_LISTS && value.every(isRevocationListSource);
}

function isRevocationListSource(value: unknown): value is RevocationListSource {
  const source = value as Partial<Record<keyof RevocationListSource, unknown>> | null;
  return typeof source === 'object' && source !== null &&
    typeof source.bucket === 'string' && BUCKET_NAME.test(source.bucket) &&
    typeof source.key === 'string' && source.key.length > 0 && Buffer.byteLength(source.key) <= MAX_OBJECT_KEY_BYTES &&
    typeof source.issuer === 'string' && BASE64.test(source.issuer) &&
    typeof source.publicKey === 'string' && BASE64.test(source.publicKey) &&
    Number.isInteger(source.maxAgeSeconds) && (source.maxAgeSeconds as number) > 0 &&
    (source.maxAgeSeconds as number) <= MAX_REVOCATION_LIST_MAX_AGE_SECONDS;
}
