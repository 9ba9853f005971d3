import { KeyObject, X509Certificate } from 'node:crypto';
import { parseCertificateTime } from './certificate-time';
import { isStrictDer } from './strict-der';
import { certificateNames, readNameAttributes } from '../der-name';
import { canonicalAttributes, DnAttribute } from '../distinguished-name';
import { normalizeSerialNumber } from '../revocation-format';

/**
 * A client certificate as read from its own bytes (`clientCertPem`), not from API Gateway's text
 * rendering of it.
 *
 * Node's `crypto.X509Certificate` (OpenSSL underneath) parses it: it is in the runtime, nothing
 * added to the bundle, OpenSSL's DER parser is the most exercised X.509 parser there is, and it
 * refuses what is not DER-valid (a bad length, an invalid UTF8String) before we look at anything;
 * it gives the serial, the validity and the signature check. The issuer and subject names are read
 * by the library's one X.501 name reader (der-name.ts, shared with the CRLs; why, and how it was
 * checked against OpenSSL, is written there): each attribute's value decoded to a JS string,
 * several OUs in certificate order, both halves of a multi-valued RDN, a `,` `+` `=` `"`, newline
 * or NUL inside a value kept as it is. The RDN grouping and the order across types are not used
 * (OUs are a set, issuers are compared as attribute sets). OpenSSL's `subject` string is not used:
 * it is its own text rendering (newline-separated, its own escaping), so reading it would be
 * parsing text again, the very ambiguity reading the certificate is meant to remove.
 */
export interface ParsedCertificate {
  readonly x509: X509Certificate;
  /** Upper-case hex without leading zeros (as {@link normalizeSerialNumber}). */
  readonly serialNumber: string;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly subject: readonly DnAttribute[];
  /** Canonical text of the subject (see {@link canonicalAttributes}). */
  readonly canonicalSubject: string;
  /** Canonical text of the issuer: how trusted issuers named by DN are matched. */
  readonly canonicalIssuer: string;
  /** The OU values of the subject, in certificate order, duplicates kept. */
  readonly ouValues: readonly string[];
  /** Whether the certificate's signature verifies with a pinned CA key, by the key's id; filled as asked. */
  readonly signatureVerifiedBy: Map<string, boolean>;
}

/** No client certificate is this long; a longer text is refused before it is decoded. */
export const MAX_CERTIFICATE_PEM_LENGTH = 16_384;
/** The parses kept: a client sends the same certificate each time, a few clients share a warm function. */
const MAX_CACHED_CERTIFICATES = 16;

const PEM = /^-----BEGIN CERTIFICATE-----\r?\n((?:[A-Za-z0-9+/=]+\r?\n)+)-----END CERTIFICATE-----\r?\n?$/;

const parsed = new Map<string, ParsedCertificate | undefined>();

/**
 * The certificate of a PEM text holding exactly one certificate and nothing else, or `undefined`
 * when it is anything else or OpenSSL refuses it. The last few answers are kept by PEM text, so a
 * returning client's certificate is not parsed again.
 */
export function parseCertificatePem(pem: string): ParsedCertificate | undefined {
  if (parsed.has(pem)) {
    return parsed.get(pem);
  }
  const certificate = pem.length <= MAX_CERTIFICATE_PEM_LENGTH ? parse(pem) : undefined;
  if (parsed.size >= MAX_CACHED_CERTIFICATES) {
    parsed.delete(parsed.keys().next().value!);
  }
  parsed.set(pem, certificate);
  return certificate;
}

function parse(pem: string): ParsedCertificate | undefined {
  const body = PEM.exec(pem)?.[1];
  if (body === undefined) {
    return undefined;
  }
  const der = Buffer.from(body.replace(/\r?\n/g, ''), 'base64');
  if (!isStrictDer(der)) {
    return undefined;
  }
  try {
    const x509 = new X509Certificate(der);
    // OpenSSL stops at the end of the certificate: trailing bytes, or base64 Node skipped, are refused.
    if (!x509.raw.equals(der) || x509.raw.toString('base64') !== body.replace(/\r?\n/g, '')) {
      return undefined;
    }
    const names = certificateNames(der);
    const subject = readNameAttributes(names.subject);
    const issuer = readNameAttributes(names.issuer);
    const notBefore = parseCertificateTime(x509.validFrom);
    const notAfter = parseCertificateTime(x509.validTo);
    if (issuer.length === 0 || Number.isNaN(notBefore) || Number.isNaN(notAfter)) {
      return undefined;
    }
    return {
      x509,
      serialNumber: normalizeSerialNumber(x509.serialNumber),
      notBefore,
      notAfter,
      subject,
      canonicalSubject: canonicalAttributes(subject) ?? '',
      canonicalIssuer: canonicalAttributes(issuer)!, // not empty: checked above
      ouValues: subject.filter((attribute) => attribute.type === 'OU').map((attribute) => attribute.value),
      signatureVerifiedBy: new Map(),
    };
  } catch {
    return undefined;
  }
}

/** Whether the CA key signed the certificate; asked once per certificate and key. */
export function isSignedBy(certificate: ParsedCertificate, keyId: string, key: KeyObject): boolean {
  let verified = certificate.signatureVerifiedBy.get(keyId);
  if (verified === undefined) {
    try {
      verified = certificate.x509.verify(key);
    } catch {
      verified = false;
    }
    certificate.signatureVerifiedBy.set(keyId, verified);
  }
  return verified;
}
