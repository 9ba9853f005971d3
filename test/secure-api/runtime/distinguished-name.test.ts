import * as fc from 'fast-check';
import { encodeDistinguishedName, rdnSequence } from './dn-arbitraries';
import { parseDistinguishedName } from '../../../src/secure-api/distinguished-name';
import { organizationalUnits } from '../../../src/secure-api/runtime/organizational-units';

describe('parseDistinguishedName (RFC 4514)', () => {
  test.each([
    ['CN=Steve Kille,O=Isode Limited,C=GB', [['CN', 'Steve Kille'], ['O', 'Isode Limited'], ['C', 'GB']]],
    ['OU=Sales+CN=J.  Smith,DC=example,DC=net', [['OU', 'Sales'], ['CN', 'J.  Smith'], ['DC', 'example'], ['DC', 'net']]],
    ['CN=James \\"Jim\\" Smith\\, III,DC=example', [['CN', 'James "Jim" Smith, III'], ['DC', 'example']]],
    ['CN=Before\\0dAfter,DC=example', [['CN', 'Before\rAfter'], ['DC', 'example']]],
    ['1.3.6.1.4.1.1466.0=#04024869,DC=example', [['1.3.6.1.4.1.1466.0', ''], ['DC', 'example']]],
    ['CN=#0C03616263,0.9.2342.19200300.100.1.25=net', [['CN', 'abc'], ['DC', 'net']]],
    ['CN=Lu\\C4\\8Di\\C4\\87', [['CN', 'Lučić']]],
    ['ou=a , Ou = b+oU=c', [['OU', 'a'], ['OU', 'b'], ['OU', 'c']]],
    ['2.5.4.11=eng,OID.2.5.4.11=ops', [['OU', 'eng'], ['OU', 'ops']]],
    ['OU=#0C03616263', [['OU', 'abc']]],
    ['OU=#1E0400650066', [['OU', 'ef']]],
    ['OU=\\ padded\\ ', [['OU', ' padded ']]],
    ['OU=\\#hash', [['OU', '#hash']]],
    ['OU=a=b', [['OU', 'a=b']]],
    // RFC 4514 hex escapes are UTF-8 octets: EF BB BF is U+FEFF, a character of the value, not a byte order mark.
    ['OU=\\EF\\BB\\BFadmins', [['OU', '\uFEFFadmins']]],
    ['OU=#0C09EFBBBF61646D696E73', [['OU', '\uFEFFadmins']]],
    ['', []],
  ])('%s', (dn, expected) => {
    expect(parseDistinguishedName(dn)?.map(({ type, value }) => [type, value])).toEqual(expected);
  });

  test.each([
    ['a value with an unescaped quote', 'CN=a"b'],
    ['a value with an unescaped semicolon', 'CN=a;OU=b'],
    ['an unescaped angle bracket', 'OU=<script>'],
    ['a dangling backslash', 'OU=abc\\'],
    ['an unknown escape', 'OU=a\\qb'],
    ['an odd hex escape', 'OU=a\\4'],
    ['invalid UTF-8 from hex escapes', 'OU=\\C3\\28'],
    ['a missing type', '=value'],
    ['a missing equals sign', 'OU'],
    ['a trailing separator', 'OU=a,'],
    ['an empty RDN', 'OU=a,,CN=b'],
    ['a type starting with a hyphen', '-OU=a'],
    ['a malformed OID', '2.5..4=a'],
    ['an odd hexstring', 'OU=#0C0'],
    ['a hexstring with junk after it', 'OU=#0C0161 x'],
    ['a hexstring of an unsupported string type', 'OU=#040161'],
    ['a hexstring whose length lies', 'OU=#0C0561'],
    ['a NUL byte', 'OU=a\u0000b'],
  ])('rejects %s', (_, dn) => {
    expect(parseDistinguishedName(dn)).toBeUndefined();
  });

  test('round-trips any attribute values through RFC 4514 escaping', () => {
    fc.assert(fc.property(rdnSequence(), fc.boolean(), (rdns, spaced) => {
      const dn = encodeDistinguishedName(rdns, spaced);
      const expected = rdns.flat().map(({ type, value }) => [type.toUpperCase() === '2.5.4.11' ? 'OU' : type.toUpperCase(), value]);
      expect(parseDistinguishedName(dn)?.map(({ type, value }) => [type, value])).toEqual(expected);
    }), { numRuns: 2000 });
  });
});

describe('organizationalUnits (from the certificate\'s OU values)', () => {
  test('returns distinct OUs in certificate order', () => {
    expect(organizationalUnits(['b', 'a', 'b'])).toEqual({ ok: true, ous: ['b', 'a'] });
  });

  test.each([
    ['an empty OU', [''], 'invalid-ou'],
    ['an OU with a control character', ['\u0007bell'], 'invalid-ou'],
    ['an OU with a NUL inside', ['admins\u0000evil'], 'invalid-ou'],
    ['an OU over 64 characters', ['x'.repeat(65)], 'invalid-ou'],
    ['a lone surrogate', ['\uD800'], 'invalid-ou'],
    ['nine OUs', Array.from({ length: 9 }, (_, i) => `u${i}`), 'too-many-ous'],
    ['no OU', [], 'no-ou-in-subject'],
  ])('%s is refused', (_, values, reason) => {
    expect(organizationalUnits(values)).toEqual({ ok: false, reason });
  });

  test('a 64-character OU of astral code points is accepted', () => {
    const ou = '𝒜'.repeat(64);
    expect(organizationalUnits([ou])).toEqual({ ok: true, ous: [ou] });
  });
});
