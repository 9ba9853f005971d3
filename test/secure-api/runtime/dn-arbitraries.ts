import * as fc from 'fast-check';

export interface GeneratedAttribute {
  readonly type: string;
  readonly value: string;
}

const TYPES = ['CN', 'OU', 'O', 'C', 'L', 'ST', 'DC', 'ou', 'Ou', 'cn', 'uid', '2.5.4.11', '1.3.6.1.4.1.99'];
const ALWAYS_ESCAPED = new Set(['"', '+', ',', ';', '<', '>', '\\']);

/** Attribute values: full Unicode, with the DN special characters over-represented. */
export function attributeValue(maxLength = 24): fc.Arbitrary<string> {
  const special = fc.constantFrom(' ', '"', '+', ',', ';', '<', '>', '\\', '#', '=', '\u0000', '\n', 'é', '😀');
  return fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 1 }), special), { maxLength })
    .map((parts) => parts.join(''))
    .filter(isWellFormed);
}

/** 1..5 RDNs of 1..3 attributes each. */
export function rdnSequence(value: fc.Arbitrary<string> = attributeValue()): fc.Arbitrary<GeneratedAttribute[][]> {
  const attribute = fc.record({ type: fc.constantFrom(...TYPES), value });
  return fc.array(fc.array(attribute, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 });
}

/**
 * An RFC 4514 string for the RDNs, written independently of the parser under test: specials
 * backslash-escaped, NUL and a pseudo-random share of other characters hex-escaped as UTF-8.
 */
export function encodeDistinguishedName(rdns: readonly (readonly GeneratedAttribute[])[], spaced = false): string {
  const equals = spaced ? ' = ' : '=';
  const plus = spaced ? ' + ' : '+';
  const comma = spaced ? ' , ' : ',';
  return rdns
    .map((rdn) => rdn.map(({ type, value }) => `${type}${equals}${escapeValue(value)}`).join(plus))
    .join(comma);
}

export function escapeValue(value: string): string {
  const chars = [...value];
  return chars.map((char, index) => {
    if (char === '\u0000') {
      return '\\00';
    }
    const edgeSpace = char === ' ' && (index === 0 || index === chars.length - 1);
    if (ALWAYS_ESCAPED.has(char) || edgeSpace || (char === '#' && index === 0)) {
      return `\\${char}`;
    }
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint % 3 === 0 && codePoint > 0x7f) {
      return hexEscape(char);
    }
    return char;
  }).join('');
}

function hexEscape(char: string): string {
  return [...new TextEncoder().encode(char)].map((byte) => `\\${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

/** No lone surrogates (they can't be written as UTF-8). */
export function isWellFormed(value: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}
