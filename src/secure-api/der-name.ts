import { decodeBerString } from './ber-string';
import { children, DER_TAG, DerElement, DerError, encoding, expectElement, readOid } from './der-reader';
import { canonicalAttributes, DnAttribute, OID_ALIASES } from './distinguished-name';

/** More attributes than any CA's name holds: refused rather than read. */
const MAX_NAME_ATTRIBUTES = 32;

/**
 * The attributes of an X.501 `Name` (RFC 5280 section 4.1.2.4: a SEQUENCE of SETs of
 * type-and-value pairs), types named as distinguished-name.ts names them, so a name read from
 * DER and a DN written as text have the same canonical form. Throws a `DerError` when the name is
 * malformed or holds a value that is not a directory string.
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
