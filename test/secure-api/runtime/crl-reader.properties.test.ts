/* eslint-disable no-bitwise -- the test writes DER lengths byte by byte */
import { X509Certificate } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as fc from 'fast-check';
import { DerError, readElement } from '../../../src/secure-api/der-reader';
import { canonicalDistinguishedName } from '../../../src/secure-api/distinguished-name';
import { CrlError, CrlIssuer, verifyCrl } from '../../../src/secure-api/runtime/certificate-revocation-list';
import { TestCertificateAuthority } from '../../support/certificate-authority';

/**
 * The CRL reader against hostile DER. Whatever the bytes, `verifyCrl` either returns the CRL the
 * CA signed or throws a `CrlError`: never another error, never a hang, and never a CRL for bytes
 * the CA did not sign. The CA's name is given from openssl's RFC 2253 text, not read by our DER
 * reader, and the revoked serials are compared with what openssl was told to revoke.
 */
const ecCa = TestCertificateAuthority.create('/C=US/O=Example Corp/CN=Example Private CA');
const rsaCa = TestCertificateAuthority.create('/O=Partner/OU=PKI/CN=Partner CA', 'rsa-2048');
ecCa.revoke('1002', '00FF', 'ABCDEF0123456789');
rsaCa.revoke('2002');

function issuerOf(ca: TestCertificateAuthority, rfc2253: string): CrlIssuer {
  return { name: canonicalDistinguishedName(rfc2253)!, publicKey: new X509Certificate(ca.certificatePem).publicKey };
}

const CASES = [
  { name: 'ECDSA P-256', crl: new Uint8Array(ecCa.crl()), issuer: issuerOf(ecCa, 'CN=Example Private CA,O=Example Corp,C=US'), serials: ['1002', 'FF', 'ABCDEF0123456789'] },
  { name: 'RSA', crl: new Uint8Array(rsaCa.crl()), issuer: issuerOf(rsaCa, 'CN=Partner CA,OU=PKI,O=Partner'), serials: ['2002'] },
];

afterAll(() => {
  ecCa.dispose();
  rsaCa.dispose();
});

/** The outcome of reading `bytes`: the serials of a verified CRL, or the CrlError's problem; anything else fails the test. */
function outcome(bytes: Uint8Array, issuer: CrlIssuer): { accepted: string[] } | { refused: string } {
  try {
    return { accepted: [...verifyCrl(bytes, issuer).revokedSerials].sort() };
  } catch (error) {
    if (!(error instanceof CrlError)) {
      throw new Error(`not a controlled failure: ${String(error)}`);
    }
    return { refused: error.problem };
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

describe.each(CASES)('$name CRL', ({ crl, issuer, serials }) => {
  test('the untouched CRL is read with exactly the serials openssl revoked', () => {
    expect(outcome(crl, issuer)).toEqual({ accepted: [...serials].sort() });
  });

  test('any truncation is refused', () => {
    for (let length = 0; length < crl.length; length++) {
      expect(outcome(crl.subarray(0, length), issuer)).toHaveProperty('refused');
    }
  });

  test('any change of bytes is refused', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.nat(crl.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
      (changes) => {
        const bytes = Uint8Array.from(crl);
        for (const [index, delta] of changes) {
          bytes[index] = (bytes[index] + delta) % 256;
        }
        fc.pre(!sameBytes(bytes, crl));
        expect(outcome(bytes, issuer)).toHaveProperty('refused');
      },
    ), { numRuns: 3000 });
  });

  test('bytes inserted or appended anywhere are refused', () => {
    fc.assert(fc.property(fc.nat(crl.length), fc.uint8Array({ minLength: 1, maxLength: 16 }), (at, inserted) => {
      const bytes = new Uint8Array([...crl.subarray(0, at), ...inserted, ...crl.subarray(at)]);
      expect(outcome(bytes, issuer)).toHaveProperty('refused');
    }), { numRuns: 2000 });
  });

  test('the CRL wrapped in another sequence, or with a long-form length, is refused', () => {
    const wrapped = new Uint8Array([0x30, 0x82, crl.length >> 8, crl.length & 0xff, ...crl]);
    expect(outcome(wrapped, issuer)).toHaveProperty('refused');
    // Same content, length in a longer form than DER allows.
    const length = ((crl[2] << 8) | crl[3]);
    const longForm = new Uint8Array([0x30, 0x84, 0, 0, length >> 8, length & 0xff, ...crl.subarray(4)]);
    expect(crl[1]).toBe(0x82);
    expect(outcome(longForm, issuer)).toEqual({ refused: 'malformed' });
  });

  test('another CA\'s key or name refuses the CRL', () => {
    const other = CASES.find((c) => c.crl !== crl)!.issuer;
    expect(outcome(crl, { ...issuer, publicKey: other.publicKey })).toEqual({ refused: 'bad-signature' });
    expect(outcome(crl, { ...issuer, name: other.name })).toEqual({ refused: 'issuer-mismatch' });
  });
});

describe('hostile structures', () => {
  const issuer = CASES[0].issuer;

  test('random bytes are refused', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      expect(outcome(bytes, issuer)).toHaveProperty('refused');
    }), { numRuns: 5000 });
  });

  test('random bytes behind a sequence header are refused', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (body) => {
      const bytes = new Uint8Array([0x30, 0x82, body.length >> 8, body.length & 0xff, ...body]);
      expect(outcome(bytes, issuer)).toHaveProperty('refused');
    }), { numRuns: 5000 });
  });

  test.each([
    ['lengths claiming 4 GiB', [0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30, 0x00]],
    ['a length of more than 4 length bytes', [0x30, 0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['an indefinite length', [0x30, 0x80, 0x30, 0x00, 0x00, 0x00]],
    ['a high tag number', [0x3f, 0x81, 0x00, 0x00]],
    ['an empty sequence', [0x30, 0x00]],
    ['nothing', []],
  ])('%s', (_, bytes) => {
    expect(outcome(Uint8Array.from(bytes), issuer)).toEqual({ refused: 'malformed' });
  });

  test('sequences nested 100,000 deep are refused quickly, without a stack overflow', () => {
    const depth = 100_000;
    // Definite lengths, innermost first: each level wraps the previous one.
    const parts: number[][] = [];
    let length = 0;
    for (let level = 0; level < depth; level++) {
      const header = length < 0x80 ? [0x30, length] : length < 0x10000 ? [0x30, 0x82, length >> 8, length & 0xff]
        : [0x30, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff];
      parts.push(header);
      length += header.length;
    }
    const bytes = Uint8Array.from(parts.reverse().flat());
    const started = performance.now();
    expect(outcome(bytes, issuer)).toEqual({ refused: 'malformed' });
    expect(performance.now() - started).toBeLessThan(2000);
    // Indefinite-length nesting too.
    expect(outcome(Uint8Array.from(Array.from({ length: depth }, () => [0x30, 0x80]).flat()), issuer)).toEqual({ refused: 'malformed' });
  });

  test('the element reader throws only DerError, and never reads past the bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(70), (bytes, offset) => {
      try {
        const element = readElement(bytes, offset);
        expect(element.contentStart).toBeGreaterThan(offset);
        expect(element.end).toBeLessThanOrEqual(bytes.length);
      } catch (error) {
        expect(error).toBeInstanceOf(DerError);
      }
    }), { numRuns: 10000 });
  });
});
