import { X509Certificate } from 'node:crypto';
import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { checkedCaCertificate } from '../../private/ca-certificate';
import { InvalidPropError, requireProp } from '../../private/errors';
import { ScopedFunction } from '../../scoped-function';
import { CertificateRevocationListSource } from '../api-authorization-options';
import {
  CERTIFICATE_REVOCATION_LISTS_ENV,
  DEFAULT_REVOCATION_LIST_MAX_AGE_SECONDS,
  DEFAULT_REVOCATION_LIST_REFRESH_SECONDS,
  isRevocationListRefreshSeconds,
  MAX_OBJECT_KEY_BYTES,
  MAX_REVOCATION_LIST_MAX_AGE_SECONDS,
  MAX_REVOCATION_LIST_REFRESH_SECONDS,
  MAX_REVOCATION_LISTS,
  MIN_REVOCATION_LIST_REFRESH_SECONDS,
  REVOCATION_LIST_REFRESH_SECONDS_ENV,
  RevocationListSource,
} from '../crl-format';
import { certificateNames, readNameAttributes } from '../der-name';
import { DerError, encoding } from '../der-reader';

const PROP = 'authorization.certificateRevocationLists';
/**
 * The attribute types a CA's subject may hold for its certificates to be matched with its CRL (see
 * `caSubject`): those whose rendering by API Gateway is documented. (distinguished-name.ts names
 * more types by keyword, for reading certificates; those are not among them.)
 */
const MATCHABLE_TYPES = new Set(['CN', 'C', 'L', 'ST', 'O', 'OU']);

/** The CRLs of a certificate-OU authorizer, validated and in its environment. */
export interface BoundRevocationLists {
  /** How long the authorizer uses a fetched CRL: its share of the revocation delay. */
  readonly refreshSeconds: number;
  /** Lets the authorizer read exactly the CRLs' objects. */
  grantRead(authorizer: ScopedFunction): void;
}

/**
 * Validates the CRL sources and puts them in the authorizer's environment (crl-format.ts);
 * `undefined` when no CRL is named.
 */
export function bindRevocationLists(scope: Construct, environment: Record<string, string>,
  sources: CertificateRevocationListSource[] | undefined, refreshSeconds: number | undefined): BoundRevocationLists | undefined {
  if (sources === undefined) {
    requireProp('SecureApi.CrlRefreshWithoutCrl', refreshSeconds === undefined, scope, 'authorization.revocationListRefreshSeconds', 'no CRL is named',
      'name the CRLs in certificateRevocationLists, or leave revocationListRefreshSeconds out');
    return undefined;
  }
  requireProp('SecureApi.CrlCountOutOfRange', sources.length > 0 && sources.length <= MAX_REVOCATION_LISTS, scope, PROP, `${sources.length} CRLs are named`,
    `name 1 to ${MAX_REVOCATION_LISTS} CRLs, or leave the prop out`);
  const refresh = refreshSeconds ?? DEFAULT_REVOCATION_LIST_REFRESH_SECONDS;
  requireProp('SecureApi.CrlRefreshOutOfRange', isRevocationListRefreshSeconds(refresh),
    scope, 'authorization.revocationListRefreshSeconds', `${refresh} is not a whole number of seconds from ` +
    `${MIN_REVOCATION_LIST_REFRESH_SECONDS} to ${MAX_REVOCATION_LIST_REFRESH_SECONDS}`, 'choose a refresh interval in that range');

  const seen = new Set<string>();
  const entries = sources.map((source, index) => {
    const at = `${PROP}[${index}]`;
    const key = validKey(scope, `${at}.key`, source.key);
    const location = `${source.bucket.bucketName}/${key}`;
    requireProp('SecureApi.CrlNamedTwice', Token.isUnresolved(source.bucket.bucketName) || !seen.has(location), scope, at, `s3://${location} is named twice`,
      'name each CRL once');
    seen.add(location);
    const ca = issuingCa(scope, `${at}.issuerCertificatePem`, source.issuerCertificatePem);
    const entry: RevocationListSource = {
      bucket: source.bucket.bucketName,
      key,
      issuer: ca.subject,
      publicKey: ca.publicKey,
      maxAgeSeconds: validMaxAge(scope, `${at}.maxAge`, source),
    };
    return entry;
  });
  const value = JSON.stringify(entries);
  const bytes = estimatedBytes({ ...environment, [CERTIFICATE_REVOCATION_LISTS_ENV]: value });
  requireProp('SecureApi.AuthorizerEnvironmentTooLarge', bytes <= MAX_ENVIRONMENT_BYTES, scope, PROP,
    `with the CRLs' CA names and keys the authorizer's environment would take up to ${bytes} bytes, more than Lambda's 4 KB`,
    'name fewer CRLs or trusted issuers, or use CAs with shorter names or ECDSA keys (an RSA-4096 key alone takes about 740 bytes)');
  environment[CERTIFICATE_REVOCATION_LISTS_ENV] = value;
  if (refreshSeconds !== undefined) {
    environment[REVOCATION_LIST_REFRESH_SECONDS_ENV] = String(refresh);
  }
  return {
    refreshSeconds: refresh,
    grantRead: (authorizer) => sources.forEach((source) => grantRead(authorizer, source, source.key)),
  };
}

/**
 * Lambda quotas: "Function environment variables: 4 KB, for all environment variables associated
 * with the function, in aggregate". Counted as their JSON, with a margin for what is added later.
 */
const MAX_ENVIRONMENT_BYTES = 4096 - 128;

/** The environment's size as JSON, counting each value only known at deploy time (a table or bucket name) at its longest, 255 characters. */
function estimatedBytes(environment: Record<string, string>): number {
  return Buffer.byteLength(JSON.stringify(environment).replace(/\$\{Token\[[^\]]*\]\}/g, 'x'.repeat(255)));
}

function validKey(scope: Construct, prop: string, key: string): string {
  requireProp('SecureApi.CrlKeyNotLiteral', !Token.isUnresolved(key), scope, prop, 'the key is only known at deploy time',
    'give the object key as a literal, so the authorizer\'s read permission names exactly that object');
  // S3 user guide, "Naming Amazon S3 objects": a key is a sequence of at most 1,024 bytes of UTF-8.
  requireProp('SecureApi.CrlKeyLengthOutOfRange', key.length > 0 && Buffer.byteLength(key) <= MAX_OBJECT_KEY_BYTES, scope, prop, `'${key}' is empty or longer than ${MAX_OBJECT_KEY_BYTES} bytes`,
    'give the CRL\'s object key as the CA publishes it');
  // In an IAM resource ARN `*` and `?` are wildcards: the grant would reach other objects.
  requireProp('SecureApi.CrlKeyWildcard', !/[*?]/.test(key), scope, prop, `'${key}' holds a wildcard character`,
    'name the one object the CA publishes its CRL to');
  // IAM and AWS STS quotas: "Policy documents can contain only the following Unicode characters:
  // horizontal tab (U+0009), linefeed (U+000A), carriage return (U+000D), and characters in the
  // range U+0020 to U+00FF"; the key lands in the policy's resource ARN.
  requireProp('SecureApi.CrlKeyCharacters', /^[\u0020-\u007e\u00a0-\u00ff]+$/.test(key), scope, prop,
    `'${key}' holds a character an IAM policy can't contain (only U+0020 to U+00FF, no control characters)`,
    'publish the CRL under a key of Latin-1 characters');
  // In a Resource, `${...}` is an IAM policy variable ("IAM policy elements: Variables and tags"), not text.
  requireProp('SecureApi.CrlKeyPolicyVariable', !key.includes('${'), scope, prop, `'${key}' holds '\${', which IAM reads as a policy variable`,
    'publish the CRL under a key without \'${\'');
  return key;
}

function validMaxAge(scope: Construct, prop: string, source: CertificateRevocationListSource): number {
  if (source.maxAge === undefined) {
    return DEFAULT_REVOCATION_LIST_MAX_AGE_SECONDS;
  }
  requireProp('SecureApi.CrlMaxAgeNotLiteral', !source.maxAge.isUnresolved(), scope, prop, 'the maximum age is only known at deploy time', 'give it as a literal Duration');
  const seconds = source.maxAge.toSeconds();
  requireProp('SecureApi.CrlMaxAgeOutOfRange', Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_REVOCATION_LIST_MAX_AGE_SECONDS, scope, prop,
    `${seconds} seconds is not from 1 second to 366 days`, 'set it to how often your CA publishes its CRL, with a margin');
  return seconds;
}

interface IssuingCa {
  /** The DER of its subject Name, base64. */
  readonly subject: string;
  /** Its SubjectPublicKeyInfo DER, base64. */
  readonly publicKey: string;
}

/** Reads the CA certificate: a CA's, with an RSA or EC key and a subject its certificates can be matched by. */
function issuingCa(scope: Construct, prop: string, pem: string): IssuingCa {
  const { certificate, publicKey } = checkedCaCertificate(pem, {
    scope,
    prop,
    name: (ca) => `'${oneLine(ca.subject)}'`,
    unreadable: {
      code: 'SecureApi.CrlIssuerNotPem',
      problem: 'it is not a PEM X.509 certificate',
      fix: 'paste the issuing CA\'s certificate, -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----',
    },
    notCa: { code: 'SecureApi.CrlIssuerNotCa', fix: 'give the certificate of the CA that issues the client certificates and signs the CRL, not a client certificate' },
    keyTypes: {
      code: 'SecureApi.CrlIssuerKeyType',
      accepted: ['rsa', 'ec'],
      fix: 'the authorizer verifies CRLs signed with RSA or ECDSA keys; publish the CRL from such a CA',
    },
    // A CRL signed with a key API Gateway's truststore would refuse is no proof of anything.
    weakKey: { code: 'SecureApi.CrlIssuerWeakKey' },
  });
  return { subject: Buffer.from(caSubject(scope, prop, certificate)).toString('base64'), publicKey };
}

/**
 * The DER of the certificate's subject. The authorizer applies the CRL to the client certificates
 * whose issuer DN, as API Gateway reports it, has the same attributes; API Gateway's rendering of
 * attribute types other than CN, C, L, ST, O and OU is undocumented, so a CA whose subject holds
 * another could have its CRL silently skipped: refused here instead.
 */
function caSubject(scope: Construct, prop: string, certificate: X509Certificate): Uint8Array {
  try {
    const { subject } = certificateNames(certificate.raw);
    const attributes = readNameAttributes(subject);
    const unmatchable = attributes.filter((attribute) => !MATCHABLE_TYPES.has(attribute.type));
    requireProp('SecureApi.CrlIssuerSubjectUnmatchable', attributes.length > 0 && unmatchable.length === 0, scope, prop,
      `the CA's subject '${oneLine(certificate.subject)}' holds ${unmatchable.map((a) => a.type).join(', ') || 'no attribute'}`,
      `use a CA whose subject has only ${[...MATCHABLE_TYPES].join(', ')} attributes, whose certificates' issuer DN the authorizer can match to the CRL`);
    return encoding(subject);
  } catch (error) {
    if (error instanceof DerError || error instanceof TypeError) {
      throw new InvalidPropError('SecureApi.CrlIssuerSubjectUnreadable', scope, prop, 'the CA\'s subject name can\'t be read', 'give a CA certificate whose subject holds directory strings');
    }
    throw error;
  }
}

/**
 * `s3:GetObject` on the CRL's object alone, and `kms:Decrypt` on the bucket's key, through S3
 * only, when it has one (an object encrypted with SSE-KMS needs the reader to hold
 * `kms:Decrypt`: S3 user guide, "Using server-side encryption with AWS KMS keys").
 */
function grantRead(authorizer: ScopedFunction, source: CertificateRevocationListSource, key: string): void {
  authorizer.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [source.bucket.arnForObjects(key)] }));
  if (source.bucket.encryptionKey) {
    authorizer.addToRolePolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [source.bucket.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(authorizer).region}.amazonaws.com` } },
    }));
  }
}

function oneLine(subject: string): string {
  return subject.split('\n').join(', ');
}
