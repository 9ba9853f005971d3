import { KeyObject, verify } from 'node:crypto';
import { canonicalName } from '../der-name';
import {
  children, DER_TAG, DerElement, DerError, encoding, expectElement, isTime, readBitStringBytes, readBoolean, readElement,
  readOid, readSmallInteger, readTime, readUnsignedHex, readWhole,
} from '../der-reader';

/** A CRL whose signature, issuer and form were checked: what the authorizer keeps. */
export interface VerifiedCrl {
  /** Canonical DN (distinguished-name.ts) of the CRL's issuer. */
  readonly issuer: string;
  readonly thisUpdate: number;
  readonly nextUpdate: number;
  /** Serial numbers in upper-case hex without leading zeros (revocation-format.ts). */
  readonly revokedSerials: ReadonlySet<string>;
}

/** Why a CRL can't be used; logged as the decision's cause. */
export type CrlProblem =
  | 'malformed'
  | 'unsupported-algorithm'
  | 'bad-signature'
  | 'issuer-mismatch'
  | 'unsupported-critical-extension'
  | 'no-next-update'
  | 'not-yet-valid'
  | 'stale';

export class CrlError extends Error {
  constructor(readonly problem: CrlProblem) {
    super(`certificate revocation list: ${problem}`);
    this.name = 'CrlError';
  }
}

/** What a CRL is checked against: its CA's name and key, pinned at synthesis. */
export interface CrlIssuer {
  /** Canonical DN of the CA's subject. */
  readonly name: string;
  readonly publicKey: KeyObject;
}

/*
 * Signature algorithms (RFC 4055 section 5 for RSA, RFC 5758 section 3.2 for ECDSA) and the
 * digest `crypto.verify` needs for each. SHA-1 is refused: a CA that still signs with it should
 * not be trusted to say who is revoked. RSASSA-PSS (with parameters) is not read.
 */
const SIGNATURE_DIGESTS: Readonly<Record<string, { digest: string; keyType: string }>> = {
  '1.2.840.113549.1.1.11': { digest: 'sha256', keyType: 'rsa' },
  '1.2.840.113549.1.1.12': { digest: 'sha384', keyType: 'rsa' },
  '1.2.840.113549.1.1.13': { digest: 'sha512', keyType: 'rsa' },
  '1.2.840.10045.4.3.2': { digest: 'sha256', keyType: 'ec' },
  '1.2.840.10045.4.3.3': { digest: 'sha384', keyType: 'ec' },
  '1.2.840.10045.4.3.4': { digest: 'sha512', keyType: 'ec' },
};

/** Certificates revoked more than this are refused as a CRL: no CA of this API's size lists that many. */
export const MAX_REVOKED_CERTIFICATES = 1_000_000;

/**
 * Reads a DER CRL (RFC 5280 section 5.1), verifies its signature with the pinned CA key and checks
 * its issuer is that CA. Throws a {@link CrlError} for anything it can't vouch for; never returns a
 * CRL it did not verify. Freshness (nextUpdate, maximum age) is checked where it is used, since it
 * changes with time.
 *
 * ```
 * CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 * TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature AlgorithmIdentifier, issuer Name, thisUpdate Time,
 *   nextUpdate Time OPTIONAL, revokedCertificates SEQUENCE OF SEQUENCE { userCertificate INTEGER, revocationDate Time,
 *   crlEntryExtensions Extensions OPTIONAL } OPTIONAL, crlExtensions [0] EXPLICIT Extensions OPTIONAL }
 * ```
 */
export function verifyCrl(der: Uint8Array, issuer: CrlIssuer): VerifiedCrl {
  try {
    return readVerified(der, issuer);
  } catch (error) {
    if (error instanceof CrlError) {
      throw error;
    }
    // Whatever else went wrong, the bytes were not a CRL we could vouch for.
    throw new CrlError('malformed');
  }
}

function readVerified(der: Uint8Array, issuer: CrlIssuer): VerifiedCrl {
  const certificateList = readWhole(der, DER_TAG.SEQUENCE);
  const [tbs, outerAlgorithm, signatureValue, ...extra] = children(certificateList);
  if (!tbs || tbs.tag !== DER_TAG.SEQUENCE || !outerAlgorithm || !signatureValue || extra.length > 0) {
    throw new DerError('not a certificate list');
  }
  const algorithm = signatureAlgorithm(outerAlgorithm);
  const signature = readBitStringBytes(signatureValue);

  const fields = children(tbs);
  let index = 0;
  if (fields[index]?.tag === DER_TAG.INTEGER) {
    // RFC 5280 section 5.1.2.1: v2 (1) when present.
    if (readSmallInteger(fields[index++]) !== 1) {
      throw new DerError('unknown CRL version');
    }
  }
  const innerAlgorithm = fields[index++];
  // Section 5.1.1.2: the signature field of the TBS must be the outer signatureAlgorithm.
  if (!innerAlgorithm || !sameBytes(encoding(innerAlgorithm), encoding(outerAlgorithm))) {
    throw new DerError('signature algorithms differ');
  }
  if (issuer.publicKey.asymmetricKeyType !== algorithm.keyType) {
    throw new CrlError('bad-signature'); // signed with another kind of key than the CA's
  }
  if (!signedBy(issuer.publicKey, algorithm, encoding(tbs), signature)) {
    throw new CrlError('bad-signature');
  }

  const issuerName = fields[index++];
  if (!issuerName || canonicalName(issuerName) !== issuer.name) {
    throw new CrlError('issuer-mismatch');
  }
  const thisUpdateElement = fields[index++];
  if (!isTime(thisUpdateElement)) {
    throw new DerError('no thisUpdate');
  }
  const thisUpdate = readTime(thisUpdateElement);
  if (!isTime(fields[index])) {
    // Conforming CAs always include nextUpdate (section 5.1.2.5); without it staleness can't be told.
    throw new CrlError('no-next-update');
  }
  const nextUpdate = readTime(fields[index++]);
  const revokedSerials = new Set<string>();
  if (fields[index]?.tag === DER_TAG.SEQUENCE) {
    readRevoked(fields[index++], revokedSerials);
  }
  if (fields[index]?.tag === DER_TAG.CONTEXT_0) {
    const extensions = children(fields[index++]);
    if (extensions.length !== 1) {
      throw new DerError('malformed CRL extensions');
    }
    refuseCriticalExtensions(extensions[0]);
  }
  if (index !== fields.length) {
    throw new DerError('unexpected fields in the CRL');
  }
  return { issuer: issuer.name, thisUpdate, nextUpdate, revokedSerials };
}

function signedBy(key: KeyObject, algorithm: { digest: string; keyType: string }, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(algorithm.digest, data, algorithm.keyType === 'ec' ? { key, dsaEncoding: 'der' } : key, signature);
  } catch {
    return false; // e.g. a signature that is no DER ECDSA-Sig-Value
  }
}

function signatureAlgorithm(element: DerElement): { digest: string; keyType: string } {
  if (element.tag !== DER_TAG.SEQUENCE) {
    throw new DerError('an algorithm identifier is a sequence');
  }
  const [oid, parameters, ...extra] = children(element);
  if (!oid || extra.length > 0) {
    throw new DerError('malformed algorithm identifier');
  }
  const algorithm = SIGNATURE_DIGESTS[readOid(oid)];
  if (!algorithm) {
    throw new CrlError('unsupported-algorithm');
  }
  // RSA algorithms carry NULL parameters (RFC 4055), ECDSA none (RFC 5758).
  const parametersOk = algorithm.keyType === 'rsa'
    ? parameters === undefined || (parameters.tag === DER_TAG.NULL && parameters.end === parameters.contentStart)
    : parameters === undefined;
  if (!parametersOk) {
    throw new DerError('unexpected algorithm parameters');
  }
  return algorithm;
}

/** Walks the revoked certificates without building an element per entry field, as a CRL may list many. */
function readRevoked(list: DerElement, serials: Set<string>): void {
  const bytes = list.bytes;
  for (let offset = list.contentStart; offset < list.end;) {
    const entry = expectElement(bytes, offset, list.end, DER_TAG.SEQUENCE);
    const serial = expectElement(bytes, entry.contentStart, entry.end, DER_TAG.INTEGER);
    const revocationDate = readElement(bytes, serial.end, entry.end);
    if (!isTime(revocationDate)) {
      throw new DerError('no revocation date');
    }
    if (revocationDate.end < entry.end) {
      const entryExtensions = expectElement(bytes, revocationDate.end, entry.end, DER_TAG.SEQUENCE);
      if (entryExtensions.end !== entry.end) {
        throw new DerError('bytes after the entry extensions');
      }
      // e.g. the certificate issuer of an indirect CRL (section 5.3.3), which would name another CA's certificates.
      refuseCriticalExtensions(entryExtensions);
    }
    if (serials.size >= MAX_REVOKED_CERTIFICATES) {
      throw new DerError('too many revoked certificates');
    }
    serials.add(readUnsignedHex(serial));
    offset = entry.end;
  }
}

/**
 * Section 5.2: "If a CRL contains a critical extension that the application cannot process, then
 * the application MUST NOT use that CRL". None is processed here: an issuing distribution point
 * (a CRL covering only part of the CA's certificates), a delta CRL indicator or an indirect entry
 * would make a certificate missing from the list no proof of anything. AWS Private CA's default
 * "complete" CRL has none; its "partitioned" CRLs carry a critical issuing distribution point
 * ("Set up a CRL for AWS Private CA": "AWS Private CA marks the IDP extension as critical") and are
 * refused.
 */
function refuseCriticalExtensions(extensions: DerElement): void {
  if (extensions.tag !== DER_TAG.SEQUENCE) {
    throw new DerError('extensions are a sequence');
  }
  for (const extension of children(extensions)) {
    if (extension.tag !== DER_TAG.SEQUENCE) {
      throw new DerError('an extension is a sequence');
    }
    const [oid, second, third, ...extra] = children(extension);
    readOid(oid ?? missing());
    const critical = second?.tag === DER_TAG.BOOLEAN ? readBoolean(second) : false;
    const value = second?.tag === DER_TAG.BOOLEAN ? third : second;
    if (!value || value.tag !== DER_TAG.OCTET_STRING || extra.length > 0 || (second?.tag !== DER_TAG.BOOLEAN && third)) {
      throw new DerError('malformed extension');
    }
    if (critical) {
      throw new CrlError('unsupported-critical-extension');
    }
  }
}

function missing(): never {
  throw new DerError('missing element');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Unwraps a PEM `X509 CRL` block (RFC 7468 section 5); anything else is taken as DER. */
export function crlDer(object: Uint8Array): Uint8Array {
  const head = Buffer.from(object.buffer, object.byteOffset, Math.min(object.byteLength, 64)).toString('latin1');
  if (!head.trimStart().startsWith('-----BEGIN')) {
    return object;
  }
  const text = Buffer.from(object.buffer, object.byteOffset, object.byteLength).toString('latin1');
  const match = /^\s*-----BEGIN X509 CRL-----\r?\n([A-Za-z0-9+/=\r\n\t ]+)-----END X509 CRL-----\s*$/.exec(text);
  if (!match) {
    throw new CrlError('malformed');
  }
  return new Uint8Array(Buffer.from(match[1].replace(/\s+/g, ''), 'base64'));
}
