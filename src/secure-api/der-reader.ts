/* eslint-disable no-bitwise -- DER tags, lengths and OID arcs are bit fields */
/**
 * A strict reader of DER (ITU-T X.690 Distinguished Encoding Rules), just enough for the fields
 * of a certificate revocation list and a certificate's subject. Node's crypto parses certificates
 * (`X509Certificate`) but not CRLs, and an ASN.1 package would put a large general parser, its
 * updates and its bugs on the authorizer's request path for the half-dozen fields we read; this
 * reader is small enough to fuzz whole. It never recurses by itself (callers walk a fixed
 * depth), reads only definite lengths in their shortest form, low tag numbers, and never reads
 * past the element it was given: anything else is a {@link DerError}.
 */

/** Tags (class, constructed bit and number in one byte) the readers use. */
export const DER_TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
  CONTEXT_0: 0xa0,
} as const;

/** Malformed or unexpected DER: the only error the readers throw. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

/** One element: its tag, and where its whole encoding and its content lie in the buffer. */
export interface DerElement {
  readonly tag: number;
  /** The buffer the element lies in. */
  readonly bytes: Uint8Array;
  /** Index of the tag byte. */
  readonly start: number;
  /** Index of the first content byte. */
  readonly contentStart: number;
  /** Index after the last content byte. */
  readonly end: number;
}

/** The element starting at `offset`, which must end at or before `limit`. */
export function readElement(bytes: Uint8Array, offset: number, limit: number = bytes.length): DerElement {
  if (offset + 2 > limit) {
    throw new DerError('truncated element');
  }
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) {
    throw new DerError('high tag number');
  }
  const first = bytes[offset + 1];
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    const lengthBytes = first & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4) {
      throw new DerError('indefinite or oversized length');
    }
    if (offset + 2 + lengthBytes > limit) {
      throw new DerError('truncated length');
    }
    length = 0;
    for (let i = 0; i < lengthBytes; i++) {
      length = length * 256 + bytes[offset + 2 + i];
    }
    // DER: the shortest form, so no leading zero byte and no long form under 128.
    if (length < 0x80 || bytes[offset + 2] === 0) {
      throw new DerError('length not in its shortest form');
    }
    contentStart = offset + 2 + lengthBytes;
  }
  const end = contentStart + length;
  if (end > limit) {
    throw new DerError('length past the end');
  }
  return { tag, bytes, start: offset, contentStart, end };
}

/** The element at `offset`, which must have tag `tag`. */
export function expectElement(bytes: Uint8Array, offset: number, limit: number, tag: number): DerElement {
  const element = readElement(bytes, offset, limit);
  if (element.tag !== tag) {
    throw new DerError(`expected tag 0x${tag.toString(16)}, found 0x${element.tag.toString(16)}`);
  }
  return element;
}

/** Parses a whole buffer as one element of tag `tag`, with nothing after it. */
export function readWhole(bytes: Uint8Array, tag: number): DerElement {
  const element = expectElement(bytes, 0, bytes.length, tag);
  if (element.end !== bytes.length) {
    throw new DerError('bytes after the element');
  }
  return element;
}

/** The elements inside a constructed element, in order. */
export function children(parent: DerElement): DerElement[] {
  const result: DerElement[] = [];
  for (let offset = parent.contentStart; offset < parent.end;) {
    const child = readElement(parent.bytes, offset, parent.end);
    result.push(child);
    offset = child.end;
  }
  return result;
}

/** The content bytes of an element. */
export function content(element: DerElement): Uint8Array {
  return element.bytes.subarray(element.contentStart, element.end);
}

/** The whole encoding (tag, length and content) of an element. */
export function encoding(element: DerElement): Uint8Array {
  return element.bytes.subarray(element.start, element.end);
}

/** An OBJECT IDENTIFIER in dotted form. */
export function readOid(element: DerElement): string {
  requireTag(element, DER_TAG.OID);
  const bytes = content(element);
  if (bytes.length === 0 || bytes.length > 64 || (bytes[bytes.length - 1] & 0x80) !== 0) {
    throw new DerError('malformed object identifier');
  }
  const arcs: number[] = [];
  let value = 0;
  let started = false;
  for (const byte of bytes) {
    if (!started && byte === 0x80) {
      throw new DerError('object identifier arc not in its shortest form');
    }
    started = (byte & 0x80) !== 0;
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 256) {
      throw new DerError('object identifier arc too large');
    }
    if (!started) {
      arcs.push(value);
      value = 0;
    }
  }
  const first = arcs[0] < 40 ? 0 : arcs[0] < 80 ? 1 : 2;
  return [first, arcs[0] - first * 40, ...arcs.slice(1)].join('.');
}

/**
 * A non-negative INTEGER (a serial number) as upper-case hex without leading zeros: the form
 * revocation-format.ts compares serial numbers in.
 */
export function readUnsignedHex(element: DerElement): string {
  requireTag(element, DER_TAG.INTEGER);
  const bytes = content(element);
  if (bytes.length === 0 || (bytes[0] & 0x80) !== 0) {
    throw new DerError('empty or negative integer');
  }
  if (bytes.length > 1 && bytes[0] === 0 && (bytes[1] & 0x80) === 0) {
    throw new DerError('integer not in its shortest form');
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase().replace(/^0+(?=.)/, '');
}

/** A small non-negative INTEGER (a version number). */
export function readSmallInteger(element: DerElement): number {
  const hex = readUnsignedHex(element);
  if (hex.length > 6) {
    throw new DerError('integer too large');
  }
  return parseInt(hex, 16);
}

/** A BOOLEAN: DER allows only 0x00 and 0xFF. */
export function readBoolean(element: DerElement): boolean {
  requireTag(element, DER_TAG.BOOLEAN);
  const bytes = content(element);
  if (bytes.length !== 1 || (bytes[0] !== 0 && bytes[0] !== 0xff)) {
    throw new DerError('malformed boolean');
  }
  return bytes[0] === 0xff;
}

/** The bits of a BIT STRING that holds whole bytes (a signature). */
export function readBitStringBytes(element: DerElement): Uint8Array {
  requireTag(element, DER_TAG.BIT_STRING);
  const bytes = content(element);
  if (bytes.length < 1 || bytes[0] !== 0) {
    throw new DerError('bit string with unused bits');
  }
  return bytes.subarray(1);
}

/**
 * A UTCTime or GeneralizedTime in the forms RFC 5280 (section 4.1.2.5) requires, in milliseconds
 * since the epoch: `YYMMDDHHMMSSZ` (years 1950 to 2049) or `YYYYMMDDHHMMSSZ`.
 */
export function readTime(element: DerElement): number {
  const text = String.fromCharCode(...content(element));
  const match = element.tag === DER_TAG.UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
    : element.tag === DER_TAG.GENERALIZED_TIME ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : null;
  if (!match) {
    throw new DerError('malformed time');
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const fullYear = element.tag === DER_TAG.UTC_TIME ? (year < 50 ? 2000 + year : 1900 + year) : year;
  const time = Date.UTC(fullYear, month - 1, day, hour, minute, second);
  const date = new Date(time);
  // Date.UTC rolls over (month 13, day 32...): only a date that reads back the same is one.
  if (date.getUTCFullYear() !== fullYear || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day ||
    hour > 23 || minute > 59 || second > 59) {
    throw new DerError('no such time');
  }
  return time;
}

/** Whether the element is one of the two time types. */
export function isTime(element: DerElement | undefined): boolean {
  return element !== undefined && (element.tag === DER_TAG.UTC_TIME || element.tag === DER_TAG.GENERALIZED_TIME);
}

function requireTag(element: DerElement, tag: number): void {
  if (element.tag !== tag) {
    throw new DerError(`expected tag 0x${tag.toString(16)}, found 0x${element.tag.toString(16)}`);
  }
}
