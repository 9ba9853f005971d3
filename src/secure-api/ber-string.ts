const UTF8_STRING = 0x0c;
const PRINTABLE_STRING = 0x13;
const IA5_STRING = 0x16;
const BMP_STRING = 0x1e;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes the BER/DER encoding of a directory string (an RFC 4514 `#hexstring` value).
 * Supports the string types certificates use for names; anything else is `undefined`.
 */
export function decodeBerString(bytes: Uint8Array): string | undefined {
  const header = readHeader(bytes);
  if (!header || header.contentStart + header.length !== bytes.length) {
    return undefined;
  }
  const content = bytes.subarray(header.contentStart);
  try {
    switch (header.tag) {
      case UTF8_STRING:
        return utf8.decode(content);
      case PRINTABLE_STRING:
      case IA5_STRING:
        return content.every((byte) => byte < 0x80) ? String.fromCharCode(...content) : undefined;
      case BMP_STRING:
        return content.length % 2 === 0 ? decodeUtf16be(content) : undefined;
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

function decodeUtf16be(content: Uint8Array): string {
  let value = '';
  for (let i = 0; i < content.length; i += 2) {
    value += String.fromCharCode(content[i] * 256 + content[i + 1]);
  }
  return value;
}
