import { decodeBerString, decodeUtf8 } from './ber-string';

/** One `type=value` pair of a distinguished name, the type upper-cased (or a dotted OID). */
export interface DnAttribute {
  readonly type: string;
  readonly value: string;
}

/**
 * The attribute types named by keyword in a canonical DN; any other type is its dotted OID. The
 * keywords are OpenSSL's short names (`OBJ_nid2sn`, the names Node's `X509Certificate` gives)
 * upper-cased, so `2.5.4.11=x`, `OU=x` and `ou=x` name one attribute, however API Gateway renders
 * a type, and der-name.ts names an attribute read from a certificate or CRL alike. Listed: the
 * X.520 and PKCS #9 types whose values are directory strings, and the EV jurisdiction types;
 * test/secure-api/der-name.test.ts checks each name against OpenSSL's.
 */
export const OID_ALIASES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'TITLE',
  '2.5.4.13': 'DESCRIPTION',
  '2.5.4.15': 'BUSINESSCATEGORY',
  '2.5.4.17': 'POSTALCODE',
  '2.5.4.18': 'POSTOFFICEBOX',
  '2.5.4.19': 'PHYSICALDELIVERYOFFICENAME',
  '2.5.4.20': 'TELEPHONENUMBER',
  '2.5.4.41': 'NAME',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'INITIALS',
  '2.5.4.44': 'GENERATIONQUALIFIER',
  '2.5.4.46': 'DNQUALIFIER',
  '2.5.4.65': 'PSEUDONYM',
  '2.5.4.72': 'ROLE',
  '2.5.4.97': 'ORGANIZATIONIDENTIFIER',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'EMAILADDRESS',
  '1.2.840.113549.1.9.2': 'UNSTRUCTUREDNAME',
  '1.3.6.1.4.1.311.60.2.1.1': 'JURISDICTIONL',
  '1.3.6.1.4.1.311.60.2.1.2': 'JURISDICTIONST',
  '1.3.6.1.4.1.311.60.2.1.3': 'JURISDICTIONC',
};

// Characters RFC 4514 lets a backslash escape without hex.
const ESCAPABLE = new Set([' ', '"', '#', '+', ',', ';', '<', '=', '>', '\\']);
// Characters RFC 4514 forbids unescaped inside a value (`,` and `+` end the value instead).
const FORBIDDEN_UNESCAPED = new Set(['"', ';', '<', '>', '\u0000']);

/**
 * One text per distinguished name that compares equal for the same attributes, whatever their
 * order, spacing, escaping or the case of their types: how an issuer named in the configuration is
 * matched with the issuer API Gateway reports. `undefined` when the DN is not well formed or empty.
 */
export function canonicalDistinguishedName(dn: string): string | undefined {
  const attributes = parseDistinguishedName(dn);
  return attributes ? canonicalAttributes(attributes) : undefined;
}

/** The canonical text (see {@link canonicalDistinguishedName}) of a DN's attributes; `undefined` when there are none. */
export function canonicalAttributes(attributes: readonly DnAttribute[]): string | undefined {
  if (attributes.length === 0) {
    return undefined;
  }
  // One `TYPE="value"` line per attribute, sorted: the RDN grouping and the order are left out,
  // as no decision depends on them.
  return attributes.map(({ type, value }) => `${type}=${JSON.stringify(value)}`).sort().join('\n');
}

/**
 * Parses an RFC 4514 distinguished name (`CN=a,OU=Sales\, EU+OU=b`) into its attributes in
 * string order, or `undefined` when it is not well formed. Lenient only about spaces around
 * separators and the case of attribute types; everything else that RFC 4514 forbids fails.
 */
export function parseDistinguishedName(dn: string): DnAttribute[] | undefined {
  const attributes: DnAttribute[] = [];
  let i = skipSpaces(dn, 0);
  if (i === dn.length) {
    return attributes;
  }
  for (;;) {
    const typeEnd = scanAttributeType(dn, i);
    if (typeEnd === i) {
      return undefined;
    }
    const type = canonicalType(dn.slice(i, typeEnd));
    i = skipSpaces(dn, typeEnd);
    if (dn[i] !== '=') {
      return undefined;
    }
    i = skipSpaces(dn, i + 1);
    const parsed = dn[i] === '#' ? parseHexValue(dn, i + 1, type) : parseStringValue(dn, i);
    if (!parsed) {
      return undefined;
    }
    attributes.push({ type, value: parsed.value });
    i = parsed.end;
    if (i === dn.length) {
      return attributes;
    }
    // parsed.end is at an unescaped ',' or '+'.
    i = skipSpaces(dn, i + 1);
  }
}

interface ParsedValue {
  readonly value: string;
  /** Index of the separator after the value, or the DN's length. */
  readonly end: number;
}

function parseStringValue(dn: string, start: number): ParsedValue | undefined {
  let value = '';
  let significantLength = 0; // value length without unescaped trailing spaces
  let i = start;
  while (i < dn.length) {
    const c = dn[i];
    if (c === ',' || c === '+') {
      break;
    }
    if (c === '\\') {
      const escaped = parseEscapes(dn, i);
      if (!escaped) {
        return undefined;
      }
      value += escaped.value;
      significantLength = value.length;
      i = escaped.end;
      continue;
    }
    if (FORBIDDEN_UNESCAPED.has(c)) {
      return undefined;
    }
    value += c;
    if (c !== ' ') {
      significantLength = value.length;
    }
    i++;
  }
  return { value: value.slice(0, significantLength), end: i };
}

/** Decodes a run of backslash escapes; consecutive hex escapes form one UTF-8 sequence. */
function parseEscapes(dn: string, start: number): ParsedValue | undefined {
  let value = '';
  let bytes: number[] | undefined;
  let i = start;
  while (dn[i] === '\\') {
    const next = dn[i + 1];
    if (next === undefined) {
      return undefined;
    }
    const byte = hexByte(dn, i + 1);
    if (byte >= 0) {
      (bytes ??= []).push(byte);
      i += 3;
      continue;
    }
    if (!ESCAPABLE.has(next)) {
      return undefined;
    }
    if (bytes) {
      const decoded = decodeUtf8(Uint8Array.from(bytes));
      if (decoded === undefined) {
        return undefined;
      }
      value += decoded;
      bytes = undefined;
    }
    value += next;
    i += 2;
  }
  if (bytes) {
    const decoded = decodeUtf8(Uint8Array.from(bytes));
    if (decoded === undefined) {
      return undefined;
    }
    value += decoded;
  }
  return { value, end: i };
}

/**
 * `#04...`: the BER encoding of the value. A value that decodes as a directory string is that
 * string; other types' undecodable values are kept as `''` (they compare equal to nothing a
 * certificate reader yields but an empty value); an OU must decode.
 */
function parseHexValue(dn: string, start: number, type: string): ParsedValue | undefined {
  const bytes: number[] = [];
  let i = start;
  while (i < dn.length && dn[i] !== ',' && dn[i] !== '+' && dn[i] !== ' ') {
    const byte = hexByte(dn, i);
    if (byte < 0) {
      return undefined;
    }
    bytes.push(byte);
    i += 2;
  }
  const end = skipSpaces(dn, i);
  if (bytes.length === 0 || (end < dn.length && dn[end] !== ',' && dn[end] !== '+')) {
    return undefined;
  }
  const value = decodeBerString(Uint8Array.from(bytes));
  if (value === undefined) {
    return type === 'OU' ? undefined : { value: '', end };
  }
  return { value, end };
}

function scanAttributeType(dn: string, start: number): number {
  let i = start;
  if (/^oid\./i.test(dn.slice(i, i + 4))) {
    i += 4; // RFC 1779 `OID.2.5.4.11`
  }
  if (isDigit(dn, i)) {
    // numericoid: number 1*( "." number )
    while (isDigit(dn, i) || (dn[i] === '.' && isDigit(dn, i + 1) && isDigit(dn, i - 1))) {
      i++;
    }
    return dn.slice(start, i).includes('.') ? i : start;
  }
  if (i === start && isAlpha(dn, i)) {
    while (isAlpha(dn, i) || isDigit(dn, i) || dn[i] === '-') {
      i++;
    }
    return i;
  }
  return start;
}

/** An attribute type upper-cased, a dotted OID (`OID.` prefix or not) by its alias when it has one. */
export function canonicalType(type: string): string {
  const upper = type.toUpperCase();
  const oid = upper.startsWith('OID.') ? upper.slice(4) : upper;
  return OID_ALIASES[oid] ?? oid;
}

function skipSpaces(dn: string, start: number): number {
  let i = start;
  while (dn[i] === ' ') {
    i++;
  }
  return i;
}

function hexByte(dn: string, i: number): number {
  const high = hexDigit(dn.charCodeAt(i));
  const low = hexDigit(dn.charCodeAt(i + 1));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

function isDigit(dn: string, i: number): boolean {
  const code = dn.charCodeAt(i);
  return code >= 48 && code <= 57;
}

function isAlpha(dn: string, i: number): boolean {
  const code = dn.charCodeAt(i);
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
