/**
 * Whether `bytes` is exactly one DER TLV whose constructed contents are DER all the way down:
 * definite lengths in their shortest form, no high tag numbers, nothing after the end.
 *
 * Why: RFC 5280 (section 4.1) encodes certificates in DER, but OpenSSL reads BER too (a
 * non-minimal or indefinite length inside the TBSCertificate parses to the same fields) and keeps
 * the bytes as sent. Such a certificate is not the one its CA signed, so it is refused before any
 * field of it is trusted. Primitive contents (BIT and OCTET STRINGs wrapping keys and extensions)
 * are left to OpenSSL.
 */
export function isStrictDer(bytes: Uint8Array): boolean {
  return tlvEnd(bytes, 0, bytes.length, 0) === bytes.length;
}

/** The depth OpenSSL's own decoder allows for constructed types (ASN1_MAX_CONSTRUCTED_NEST). */
const MAX_DEPTH = 30;

/** The end of the TLV at `start` (which must fit before `limit`), or -1 when it is not DER. */
function tlvEnd(bytes: Uint8Array, start: number, limit: number, depth: number): number {
  if (depth > MAX_DEPTH || start + 2 > limit) {
    return -1;
  }
  const tag = bytes[start];
  if (tag % 32 === 31) {
    return -1; // the low five bits all set: a high tag number follows
  }
  let length = bytes[start + 1];
  let contentStart = start + 2;
  if (length >= 0x80) {
    const lengthBytes = length - 0x80; // 0 is the indefinite form: not DER
    if (lengthBytes === 0 || lengthBytes > 3 || contentStart + lengthBytes > limit || bytes[contentStart] === 0) {
      return -1;
    }
    length = 0;
    for (let i = 0; i < lengthBytes; i++) {
      length = length * 256 + bytes[contentStart + i];
    }
    contentStart += lengthBytes;
    if (length < 0x80) {
      return -1; // a long form where the short one fits
    }
  }
  const end = contentStart + length;
  if (end > limit) {
    return -1;
  }
  if (Math.floor(tag / 32) % 2 === 1) { // bit 6 (0x20): constructed
    for (let at = contentStart; at < end;) {
      at = tlvEnd(bytes, at, end, depth + 1);
      if (at < 0) {
        return -1;
      }
    }
  }
  return end;
}
