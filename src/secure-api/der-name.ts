import { decodeBerString } from './ber-string';
import { children, DER_TAG, DerElement, DerError, encoding, expectElement, readOid, readWhole } from './der-reader';
import { canonicalAttributes, DnAttribute, OID_ALIASES } from './distinguished-name';

/** More attributes than any certificate's or CA's name holds: refused rather than read. */
const MAX_NAME_ATTRIBUTES = 32;

/**
 * The one reader of X.501 names, for certificates (the client's, a CA's) and CRLs alike.
 *
 * Why not OpenSSL's (`X509Certificate.toLegacyObject()`), which the authorizer used for client
 * certificates before: this reader gives the same attributes for what a decision reads, checked
 * against OpenSSL on real certificates (test/secure-api/der-name.test.ts: several OUs, both halves
 * of a multi-valued RDN, `,` `+` `=` `"` `\` newline and NUL inside values, UTF8String,
 * BMPString, UniversalString, PrintableString, IA5String, TeletexString), it is needed anyway for
 * CRLs (Node has no CRL parser), and it costs a few microseconds where `toLegacyObject()` cost
 * about 170 µs per new certificate (it also computes fingerprints and key details). It is
 * stricter: a name value that is not a directory string, or a one-byte string with non-ASCII
 * bytes (OpenSSL reads them as Latin-1, which no standard says they are), makes the name
 * unreadable, and the certificate with it. Attribute types are named by distinguished-name.ts's
 * table of OpenSSL's short names, a type outside it by its dotted OID.
 */

/**
 * The issuer and subject `Name`s of a certificate's DER (RFC 5280 section 4.1: Certificate ::=
 * SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer,
 * validity, subject, ... }, ... }). Throws a `DerError` when it is not so built.
 */
export function certificateNames(der: Uint8Array): { readonly issuer: DerElement; readonly subject: DerElement } {
  const [tbs] = children(readWhole(der, DER_TAG.SEQUENCE));
  if (tbs?.tag !== DER_TAG.SEQUENCE) {
    throw new DerError('a certificate starts with its to-be-signed sequence');
  }
  const fields = children(tbs);
  const first = fields[0]?.tag === DER_TAG.CONTEXT_0 ? 1 : 0;
  const issuer = fields[first + 2];
  const subject = fields[first + 4];
  if (issuer === undefined || subject === undefined) {
    throw new DerError('a certificate names its issuer and subject');
  }
  return { issuer, subject };
}

/**
 * The attributes of an X.501 `Name` (RFC 5280 section 4.1.2.4: a SEQUENCE of SETs of
 * type-and-value pairs), in encoding order, types named as distinguished-name.ts names them, so a
 * name read from DER and a DN written as text have the same canonical form. Throws a `DerError`
 * when the name is malformed or holds a value that is not a directory string.
 */
export function readNameAttributes(name: DerElement): DnAttribute[] {
  if (name.tag !== DER_TAG.SEQUENCE) {
    throw new DerError('a name is a sequence');
  }
  const attributes: DnAttribute[] = [];
  for (const rdn of children(name)) {
    if (rdn.tag !== DER_TAG.SET) {
      throw new DerError('a relative distinguished name is a set');
    }
    const pairs = children(rdn);
    if (pairs.length === 0) {
      throw new DerError('empty relative distinguished name');
    }
    for (const pair of pairs) {
      if (pair.tag !== DER_TAG.SEQUENCE || attributes.length >= MAX_NAME_ATTRIBUTES) {
        throw new DerError('malformed or too many name attributes');
      }
      const type = expectElement(pair.bytes, pair.contentStart, pair.end, DER_TAG.OID);
      const valueElement = expectElement(pair.bytes, type.end, pair.end, pair.bytes[type.end]);
      if (valueElement.end !== pair.end) {
        throw new DerError('bytes after an attribute value');
      }
      const value = decodeBerString(encoding(valueElement));
      if (value === undefined) {
        throw new DerError('an attribute value is not a directory string');
      }
      const oid = readOid(type);
      attributes.push({ type: OID_ALIASES[oid] ?? oid, value });
    }
  }
  return attributes;
}

/** The canonical DN (distinguished-name.ts) of an X.501 `Name`; throws a `DerError` when unreadable or empty. */
export function canonicalName(name: DerElement): string {
  const canonical = canonicalAttributes(readNameAttributes(name));
  if (canonical === undefined) {
    throw new DerError('empty name');
  }
  return canonical;
}
