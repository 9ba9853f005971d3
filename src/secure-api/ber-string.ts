const UTF8_STRING = 0x0c;
const NUMERIC_STRING = 0x12;
const PRINTABLE_STRING = 0x13;
const TELETEX_STRING = 0x14;
const IA5_STRING = 0x16;
const UNIVERSAL_STRING = 0x1c;
const BMP_STRING = 0x1e;

/** The string types read one byte a character; only their ASCII values are read. */
const ONE_BYTE_STRINGS = new Set([NUMERIC_STRING, PRINTABLE_STRING, TELETEX_STRING, IA5_STRING]);

/**
 * `ignoreBOM: true` keeps a leading U+FEFF: without it the TextDecoder skips a first U+FEFF as a
 * byte order mark (WHATWG Encoding Standard, "serialize I/O queue", when ignore BOM is false), so
 * `EF BB BF 61 64 6D 69 6E 73` would read "admins" where OpenSSL, and the CA that checked the
 * value, read "\uFEFFadmins". A UTF8String has no signature to strip: its tag already says the
 * encoding, and RFC 3629 section 6 says a protocol "SHOULD also forbid use of U+FEFF as a
 * signature for those textual protocol elements for which the protocol provides character
 * encoding identification mechanisms", the character then being ZERO WIDTH NO-BREAK SPACE.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strict UTF-8 (no overlong forms, surrogates or truncated sequences), a leading U+FEFF kept; `undefined` when invalid. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes the BER/DER encoding of a directory string: an attribute value of a certificate's or a
 * CRL's name, or an RFC 4514 `#hexstring` value. Reads the string types OpenSSL reads in a
 * certificate's name (test/secure-api/der-name.test.ts): UTF8String, BMPString (UCS-2, so no
 * surrogates), UniversalString (UTF-32) and the one-byte NumericString, PrintableString,
 * TeletexString and IA5String, of which only ASCII is read (OpenSSL reads other bytes as Latin-1,
 * which no standard says they are). Anything else, VisibleString included, is `undefined`.
 */
export function decodeBerString(bytes: Uint8Array): string | undefined {
  const header = readHeader(bytes);
  if (!header || header.contentStart + header.length !== bytes.length) {
    return undefined;
  }
  const content = bytes.subarray(header.contentStart);
  try {
    if (ONE_BYTE_STRINGS.has(header.tag)) {
      return content.every((byte) => byte < 0x80) ? String.fromCharCode(...content) : undefined;
    }
    switch (header.tag) {
      case UTF8_STRING:
        return decodeUtf8(content);
      case BMP_STRING:
        return content.length % 2 === 0 ? decodeUtf16be(content) : undefined;
      case UNIVERSAL_STRING:
        return content.length % 4 === 0 ? decodeUtf32be(content) : undefined;
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

interface BerHeader {
  readonly tag: number;
  readonly length: number;
  readonly contentStart: number;
}

function readHeader(bytes: Uint8Array): BerHeader | undefined {
  if (bytes.length < 2) {
    return undefined;
  }
  const tag = bytes[0];
  const first = bytes[1];
  if (first < 0x80) {
    return { tag, length: first, contentStart: 2 };
  }
  const lengthBytes = first - 0x80; // long form: the low 7 bits count the length bytes
  if (lengthBytes === 0 || lengthBytes > 2 || bytes.length < 2 + lengthBytes) {
    return undefined; // indefinite or absurd lengths: a name value is never that long
  }
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) {
    length = length * 256 + bytes[2 + i];
  }
  return { tag, length, contentStart: 2 + lengthBytes };
}

/** UCS-2 big-endian (X.680: BMPString holds the Basic Multilingual Plane); throws on a surrogate. */
function decodeUtf16be(content: Uint8Array): string {
  let value = '';
  for (let i = 0; i < content.length; i += 2) {
    const unit = content[i] * 256 + content[i + 1];
    if (unit >= 0xd800 && unit <= 0xdfff) {
      throw new RangeError('surrogate');
    }
    value += String.fromCharCode(unit);
  }
  return value;
}

/** UTF-32BE; throws on a code point past U+10FFFF or a surrogate, which no text holds. */
function decodeUtf32be(content: Uint8Array): string {
  let value = '';
  for (let i = 0; i < content.length; i += 4) {
    const codePoint = ((content[i] * 256 + content[i + 1]) * 256 + content[i + 2]) * 256 + content[i + 3];
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      throw new RangeError('surrogate');
    }
    value += String.fromCodePoint(codePoint); // RangeError past U+10FFFF
  }
  return value;
}
