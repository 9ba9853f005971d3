import { X509Certificate } from 'node:crypto';
import * as fc from 'fast-check';
import { certificateNames, readNameAttributes } from '../../src/secure-api/der-name';
import { canonicalAttributes, canonicalType, DnAttribute, OID_ALIASES } from '../../src/secure-api/distinguished-name';
import {
  BMP_STRING, Name, oid as encodeOid, PRINTABLE_STRING, sequence, tlv, UNIVERSAL_STRING, UTF8_STRING, writeCertificate,
} from '../support/x509-writer';

/**
 * der-name.ts is the one X.501 name reader; the authorizer read client certificates' names with
 * OpenSSL's `X509Certificate.toLegacyObject()` before. OpenSSL is the oracle here: for real
 * certificates, our reader must give the attributes OpenSSL gives, named alike.
 */
const IA5_STRING = 0x16;
const TELETEX_STRING = 0x14;
const NUMERIC_STRING = 0x12;
const VISIBLE_STRING = 0x1a;

/** OpenSSL's reading: `{ OU: ['a', 'b'], CN: 'c' }`, types by OpenSSL's short names. */
function openSslAttributes(der: Buffer, which: 'subject' | 'issuer'): DnAttribute[] {
  const name = new X509Certificate(der).toLegacyObject()[which] as unknown as Record<string, string | string[]>;
  return Object.entries(name).flatMap(([type, values]) =>
    (Array.isArray(values) ? values : [values]).map((value) => ({ type: canonicalType(type), value })));
}

function ours(der: Buffer, which: 'subject' | 'issuer'): DnAttribute[] {
  return readNameAttributes(certificateNames(der)[which]);
}

const ous = (attributes: DnAttribute[]) => attributes.filter((a) => a.type === 'OU').map((a) => a.value);

describe('the name reader reads what OpenSSL reads', () => {
  test.each(Object.keys(OID_ALIASES))('attribute type %s is named as OpenSSL names it', (oid) => {
    const { der } = writeCertificate({ subject: [[{ type: oid, value: 'x' }], [{ type: 'CN', value: 'y' }]] });
    expect(ours(der, 'subject')).toEqual(openSslAttributes(der, 'subject'));
  });

  test('a type OpenSSL does not know is its dotted OID on both sides', () => {
    const { der } = writeCertificate({ subject: [[{ type: '1.2.3.4', value: 'x' }]] });
    expect(ours(der, 'subject')).toEqual([{ type: '1.2.3.4', value: 'x' }]);
    expect(openSslAttributes(der, 'subject')).toEqual([{ type: '1.2.3.4', value: 'x' }]);
  });

  test.each<[string, Name]>([
    ['several OUs, in certificate order', [[{ type: 'OU', value: 'b' }], [{ type: 'OU', value: 'a' }], [{ type: 'OU', value: 'c' }]]],
    ['both halves of a multi-valued RDN', [[{ type: 'OU', value: 'customers' }, { type: 'OU', value: 'admins' }], [{ type: 'CN', value: 'x' }]]],
    ['RFC 4514 specials inside values', [[{ type: 'OU', value: 'Sales, EU+West' }, { type: 'CN', value: 'a=b "c" \\d #e <f>;' }]]],
    ['a newline and a NUL inside values', [[{ type: 'OU', value: 'admins\u0000evil' }], [{ type: 'CN', value: 'line\nbreak' }]]],
    ['UTF8String', [[{ type: 'OU', value: '研究開発', tag: UTF8_STRING }]]],
    ['BMPString', [[{ type: 'OU', value: '研究開発', tag: BMP_STRING }]]],
    ['UniversalString, astral characters included', [[{ type: 'OU', value: 'clef 𝄞 研究', tag: UNIVERSAL_STRING }]]],
    ['PrintableString', [[{ type: 'C', value: 'US', tag: PRINTABLE_STRING }], [{ type: 'OU', value: 'Sales (EU)', tag: PRINTABLE_STRING }]]],
    ['IA5String', [[{ type: '1.2.840.113549.1.9.1', value: 'pki@example.com', tag: IA5_STRING }]]],
    ['TeletexString of ASCII', [[{ type: 'OU', value: 'legacy', tag: TELETEX_STRING }]]],
    ['NumericString', [[{ type: '2.5.4.17', value: '12345', tag: NUMERIC_STRING }]]],
    ['an empty value', [[{ type: 'OU', value: '' }]]],
    ['a UTF8String starting with U+FEFF (a byte order mark is part of the value)', [[{ type: 'OU', value: '\uFEFFadmins' }], [{ type: 'CN', value: '\uFEFF' }]]],
  ])('%s', (_, subject) => {
    const issuer = writeCertificate({ subject: [[{ type: 'C', value: 'US', tag: PRINTABLE_STRING }], [{ type: 'CN', value: 'Issuer, Inc.' }]], ca: true });
    const { der } = writeCertificate({ subject, issuer });
    for (const which of ['subject', 'issuer'] as const) {
      const theirs = openSslAttributes(der, which);
      expect(canonicalAttributes(ours(der, which))).toEqual(canonicalAttributes(theirs));
      expect(ous(ours(der, which))).toEqual(ous(theirs));
    }
  });

  test('for generated names of several types, values and RDN groupings', () => {
    const value = fc.constantFrom('customers', 'admins', 'a,b', 'a+b', 'x\u0000y', 'x\ny', '"q"', '研究', '𝄞', ' lead', 'trail ', '',
      '\uFEFFadmins', 'admins\uFEFF');
    const attribute = fc.record({
      type: fc.constantFrom('OU', 'CN', 'O', 'DC', 'UID', '2.5.4.97', '1.2.3.4'),
      value,
      tag: fc.constantFrom(UTF8_STRING, BMP_STRING, UNIVERSAL_STRING),
    });
    fc.assert(fc.property(fc.array(fc.array(attribute, { minLength: 1, maxLength: 3 }), { maxLength: 4 }), (subject) => {
      const { der } = writeCertificate({ subject });
      let theirs: DnAttribute[];
      try {
        theirs = openSslAttributes(der, 'subject');
      } catch {
        // OpenSSL refuses the certificate (a BMPString holding a surrogate pair): so must we.
        expect(() => ours(der, 'subject')).toThrow('not a directory string');
        return;
      }
      expect(canonicalAttributes(ours(der, 'subject'))).toEqual(canonicalAttributes(theirs));
      expect(ous(ours(der, 'subject'))).toEqual(ous(theirs));
    }), { numRuns: 150 });
  });
});

describe('where OpenSSL refuses the certificate, the reader refuses the name', () => {
  test.each<[string, Name]>([
    ['a VisibleString', [[{ type: 'OU', value: 'visible', tag: VISIBLE_STRING }]]],
    ['a BMPString holding a surrogate pair (BMPString is UCS-2)', [[{ type: 'OU', value: '𝄞', tag: BMP_STRING }]]],
  ])('%s', (_, subject) => {
    const { der } = writeCertificate({ subject });
    expect(() => new X509Certificate(der)).toThrow();
    expect(() => ours(der, 'subject')).toThrow('not a directory string');
  });
});

describe('where the reader is stricter than OpenSSL', () => {
  test('a one-byte string with a non-ASCII byte, which OpenSSL reads as Latin-1, is unreadable', () => {
    const { der } = writeCertificate({ subject: [[{ type: 'OU', value: 'caf\u00e9', tag: TELETEX_STRING }]] });
    expect(openSslAttributes(der, 'subject')).toEqual([{ type: 'OU', value: 'caf\u00e9' }]);
    expect(() => ours(der, 'subject')).toThrow('not a directory string');
  });
});

describe('any bytes in a UTF8String OU', () => {
  // Byte-level values, not JS strings: a leading EF BB BF (U+FEFF), overlong forms, CESU-8
  // surrogates, truncated sequences, noncharacters and NULs. Where the reader reads a value, it is
  // the value OpenSSL reads; otherwise the name is unreadable (the certificate is refused).
  const interesting = fc.constantFrom(
    [0xef, 0xbb, 0xbf], [0xef, 0xbf, 0xbe], [0xef, 0xbf, 0xbf], [0xc0, 0x80], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
    [0xe2, 0x80], [0x00], [0x61, 0x64, 0x6d, 0x69, 0x6e, 0x73], [0xc3, 0xa9], [0xf0, 0x9d, 0x84, 0x9e], [0x2c, 0x2b, 0x3d],
  );
  const value = fc.array(fc.oneof(interesting, fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 3 })), { maxLength: 5 })
    .map((parts) => Buffer.from(parts.flat()));

  test('the reader reads what OpenSSL reads, or nothing', () => {
    let read = 0;
    fc.assert(fc.property(value, (bytes) => {
      const subject = sequence(tlv(0x31, sequence(encodeOid('2.5.4.11'), tlv(UTF8_STRING, bytes))), tlv(0x31, sequence(encodeOid('2.5.4.3'), tlv(UTF8_STRING, Buffer.from('x')))));
      const { der } = writeCertificate({ subject: [], rawSubject: subject });
      let mine: DnAttribute[];
      try {
        mine = ours(der, 'subject');
      } catch {
        return; // unreadable: the authorizer refuses the certificate
      }
      read++;
      expect(ous(mine)).toEqual(ous(openSslAttributes(der, 'subject')));
      // Nothing dropped or replaced: the value read is UTF-8 for exactly the bytes written.
      expect(Buffer.from(ous(mine)[0], 'utf8').equals(bytes)).toBe(true);
    }), { numRuns: 300 });
    expect(read).toBeGreaterThan(30);
  });
});
