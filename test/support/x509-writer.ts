import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';

/**
 * X.509 certificates written in DER by hand and signed with Node's crypto (ECDSA P-256, SHA-256),
 * for the cases openssl's command line can't make quickly or at all: thousands of generated
 * subjects, any string type (BMPString, UTF8String, PrintableString...), NULs and newlines inside
 * values, expired and not-yet-valid dates, and hostile encodings. The encoding follows X.680/X.690
 * DER and RFC 5280 section 4.1; x509-writer.test.ts checks that openssl reads these certificates
 * as written and verifies their signatures.
 */

export const UTF8_STRING = 0x0c;
export const PRINTABLE_STRING = 0x13;
export const BMP_STRING = 0x1e;
export const UNIVERSAL_STRING = 0x1c;

const ATTRIBUTE_OIDS: Record<string, string> = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  DC: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1',
};

/** One attribute of a name: `type` an alias above or a dotted OID; the value encoded as `tag`. */
export interface NameAttribute {
  readonly type: string;
  readonly value: string;
  /** The string type: UTF8String unless given. */
  readonly tag?: number;
}

/** A name as its RDNs in DER order (the first is the most significant, e.g. `C`), each 1+ attributes. */
export type Name = readonly (readonly NameAttribute[])[];

export interface KeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

export interface WrittenCertificate {
  readonly der: Buffer;
  readonly pem: string;
  readonly subject: Name;
  readonly issuer: Name;
  /** Upper-case hex, as written (DER INTEGER content). */
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly keys: KeyPair;
}

export interface CertificateOptions {
  readonly subject: Name;
  /** The issuing CA; self-signed when left out. */
  readonly issuer?: WrittenCertificate;
  /** Positive serial in hex. Default: random 8 bytes. */
  readonly serialHex?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly ca?: boolean;
  /** Signs with this key instead of the issuer's (a forged certificate). */
  readonly signingKey?: KeyObject;
  /** Raw bytes used as the encoded subject Name instead of `subject` (hostile encodings). */
  readonly rawSubject?: Buffer;
}

const DAY = 86_400_000;

export function newKeyPair(): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** Writes and signs a certificate. */
export function writeCertificate(options: CertificateOptions, keys: KeyPair = newKeyPair()): WrittenCertificate {
  // A random serial starts with a non-zero digit: a leading zero byte before one under 0x80 is not DER
  // (X.690 8.3.2), and OpenSSL would refuse the certificate about 1 time in 512.
  const serialHex = (options.serialHex ?? `1${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 15)}`).toUpperCase();
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY);
  const issuerName = options.issuer?.subject ?? options.subject;
  const signatureAlgorithm = sequence(oid('1.2.840.10045.4.3.2')); // ecdsa-with-SHA256
  const extensions = options.ca
    ? [extension('2.5.29.19', true, sequence(tlv(0x01, Buffer.from([0xff])))), extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x01, 0x06])))]
    : [extension('2.5.29.19', true, sequence()), extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.2')))];
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // v3
    tlv(0x02, integerBytes(serialHex)),
    signatureAlgorithm,
    encodeName(issuerName),
    sequence(time(notBefore), time(notAfter)),
    options.rawSubject ?? encodeName(options.subject),
    keys.publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, sequence(...extensions)),
  );
  const signer = options.signingKey ?? options.issuer?.keys.privateKey ?? keys.privateKey;
  const signature = sign('sha256', tbs, signer);
  const der = sequence(tbs, signatureAlgorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { der, pem: toPem(der), subject: options.subject, issuer: issuerName, serialHex, notBefore, notAfter, keys };
}

export function toPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** DER of a Name (RFC 5280: a SEQUENCE of SETs of AttributeTypeAndValue). */
export function encodeName(name: Name): Buffer {
  return sequence(...name.map((rdn) => tlv(0x31, ...sortedSet(rdn.map(encodeAttribute)))));
}

function encodeAttribute({ type, value, tag = UTF8_STRING }: NameAttribute): Buffer {
  return sequence(oid(ATTRIBUTE_OIDS[type] ?? type), tlv(tag, stringBytes(value, tag)));
}

/** A value's bytes in its string type: BMPString UTF-16BE, UniversalString UTF-32BE, UTF8String UTF-8, the others one byte a character. */
function stringBytes(value: string, tag: number): Buffer {
  if (tag === UNIVERSAL_STRING) {
    const bytes = Buffer.alloc(4 * [...value].length);
    [...value].forEach((character, index) => bytes.writeUInt32BE(character.codePointAt(0)!, 4 * index));
    return bytes;
  }
  return tag === BMP_STRING ? Buffer.from(value, 'utf16le').swap16() : tag === UTF8_STRING ? Buffer.from(value, 'utf8') : Buffer.from(value, 'latin1');
}

/** DER orders the elements of a SET by their encodings. */
function sortedSet(elements: Buffer[]): Buffer[] {
  return [...elements].sort(Buffer.compare);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 && date.getUTCFullYear() >= 1950
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${iso}Z`));
}

function integerBytes(hex: string): Buffer {
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  const bytes = Buffer.from(even, 'hex');
  return bytes[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const bytes = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    // Base 128, high bit set on every byte but the last (X.690 8.19).
    const base128 = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) {
      base128.unshift(0x80 + (rest % 128));
    }
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

export function sequence(...parts: Buffer[]): Buffer {
  return tlv(0x30, ...parts);
}

/** A DER tag-length-value with the definite, shortest length. */
export function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const content = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

export function derLength(length: number): Buffer {
  if (length < 0x80) {
    return Buffer.from([length]);
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Buffer.from([0x80 + bytes.length, ...bytes]);
}
