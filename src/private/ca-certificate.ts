import { X509Certificate } from 'node:crypto';
import { IConstruct } from 'constructs';
import { InvalidPropError } from './errors';

/**
 * The named curves of "ECDSA-256 or stronger": P-256, P-384 and P-521, by their OpenSSL names.
 * API Gateway, "Configuring mutual TLS authentication" (API Gateway Developer Guide): the
 * truststore's certificates may use "SHA-256 or stronger", "RSA-2048 or stronger", "ECDSA-256 or
 * stronger".
 */
const ECDSA_256_OR_STRONGER = new Map([['prime256v1', 'P-256'], ['secp384r1', 'P-384'], ['secp521r1', 'P-521']]);
const RSA_MINIMUM_BITS = 2048;

/** A failure's stable code (users and tests match it) and the fix the caller's input needs. */
export interface CaFailure {
  readonly code: string;
  readonly fix: string;
}

/**
 * What one prop requires of a CA certificate, and how its failures are coded. The checks are the
 * same for every prop that takes a CA certificate (`TrustedIssuer.fromCertificatePem`, a CRL's
 * issuing CA, the managed truststore's bundle); each keeps its own codes, and asks for the
 * optional checks that its use needs.
 */
export interface CaCertificateCheck {
  readonly scope: IConstruct;
  readonly prop: string;
  /** How the certificate is named in a problem. @default - `the certificate of '<subject>'` */
  readonly name?: (certificate: X509Certificate) => string;
  /** The input is not an X.509 certificate: the caller says what it expected. */
  readonly unreadable: CaFailure & { readonly problem: string };
  /** The certificate's basic constraints do not say CA:TRUE. */
  readonly notCa: CaFailure;
  /** When given, a CA that has expired at `now` is refused. */
  readonly expired?: CaFailure & { readonly now: Date };
  /** When given, a key weaker than API Gateway's truststore accepts (RSA-2048, ECDSA P-256) is refused. */
  readonly weakKey?: { readonly code: string };
  /** When given, only these key types (`asymmetricKeyType`) are accepted. */
  readonly keyTypes?: CaFailure & { readonly accepted: readonly string[] };
  /** When given, a key whose SubjectPublicKeyInfo takes more base64 characters than `characters` is refused. */
  readonly maxPublicKeyLength?: CaFailure & { readonly characters: number };
}

/** A CA certificate that passed its checks. */
export interface CheckedCaCertificate {
  readonly certificate: X509Certificate;
  /** Its SubjectPublicKeyInfo DER in base64: how the authorizer is given a CA's key. */
  readonly publicKey: string;
}

/**
 * Reads a CA certificate (PEM text or DER) and checks it, or throws an `InvalidPropError` with the
 * caller's code: not a certificate, not a CA, then (when asked) expired, a key type the authorizer
 * can't verify with, a key API Gateway would refuse, a key too long for the authorizer's
 * environment.
 */
export function checkedCaCertificate(input: string | Buffer, check: CaCertificateCheck): CheckedCaCertificate {
  const refuse = (failure: CaFailure, problem: string): never => {
    throw new InvalidPropError(failure.code, check.scope, check.prop, problem, failure.fix);
  };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(input);
  } catch {
    return refuse(check.unreadable, check.unreadable.problem);
  }
  const named = check.name?.(certificate) ?? `the certificate of '${certificate.subject.split('\n').join(',')}'`;
  if (!certificate.ca) {
    refuse(check.notCa, `${named} is not a CA certificate (its basic constraints do not say CA:TRUE), so it issues no client certificates`);
  }
  if (check.expired) {
    const expiry = new Date(certificate.validTo);
    if (!(expiry.getTime() > check.expired.now.getTime())) {
      refuse(check.expired, `${named} expired on ${expiry.toISOString().slice(0, 10)}`);
    }
  }
  const keyType = certificate.publicKey.asymmetricKeyType ?? 'unknown';
  if (check.keyTypes && !check.keyTypes.accepted.includes(keyType)) {
    refuse(check.keyTypes, `the CA's key is ${keyType}`);
  }
  if (check.weakKey) {
    const weakness = keyWeakness(certificate);
    if (weakness) {
      refuse({ code: check.weakKey.code, fix: weakness.fix }, `${named} ${weakness.problem}`);
    }
  }
  const publicKey = certificate.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  if (check.maxPublicKeyLength && publicKey.length > check.maxPublicKeyLength.characters) {
    refuse(check.maxPublicKeyLength,
      `the CA's public key takes ${publicKey.length} base64 characters, over the ${check.maxPublicKeyLength.characters} the authorizer reads`);
  }
  return { certificate, publicKey };
}

/** Why API Gateway would refuse the certificate's key in a truststore; `undefined` when it would not. */
function keyWeakness(certificate: X509Certificate): { readonly problem: string; readonly fix: string } | undefined {
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    return (details.modulusLength ?? 0) < RSA_MINIMUM_BITS
      ? { problem: `has a ${details.modulusLength}-bit RSA key; API Gateway needs RSA-2048 or stronger`, fix: 'use a CA with a stronger key' }
      : undefined;
  }
  if (key.asymmetricKeyType === 'ec') {
    return ECDSA_256_OR_STRONGER.has(details.namedCurve ?? '') ? undefined : {
      problem: `has an EC key on ${details.namedCurve}; API Gateway needs ECDSA-256 or stronger (P-256, P-384 or P-521)`,
      fix: 'use a CA whose key is on one of those curves',
    };
  }
  return {
    problem: `has a ${key.asymmetricKeyType} key; API Gateway needs RSA-2048 or stronger or ECDSA-256 or stronger`,
    fix: 'use a CA with an RSA or ECDSA key',
  };
}
