import { DecisionReason } from './decision-reason';
import { parseDistinguishedName } from '../distinguished-name';
import { isOuValue } from '../mapping-format';

export const MAX_OUS_PER_CERTIFICATE = 8;
export const MAX_SUBJECT_DN_LENGTH = 8192;

export type OuExtraction =
  | { readonly ok: true; readonly ous: readonly string[] }
  | { readonly ok: false; readonly reason: DecisionReason };

let lastSubject: string | undefined;
let lastExtraction: OuExtraction | undefined;

/**
 * The distinct OU values of a subject DN in DN order. The same client calls again and again, so
 * the last answer is kept: the warm path then parses nothing.
 */
export function organizationalUnits(subjectDn: string): OuExtraction {
  if (subjectDn === lastSubject && lastExtraction) {
    return lastExtraction;
  }
  const extraction = extract(subjectDn);
  lastSubject = subjectDn;
  lastExtraction = extraction;
  return extraction;
}

function extract(subjectDn: string): OuExtraction {
  if (subjectDn.length > MAX_SUBJECT_DN_LENGTH) {
    return { ok: false, reason: 'subject-dn-too-long' };
  }
  const attributes = parseDistinguishedName(subjectDn);
  if (!attributes) {
    return { ok: false, reason: 'malformed-subject-dn' };
  }
  const ous: string[] = [];
  for (const { type, value } of attributes) {
    if (type !== 'OU') {
      continue;
    }
    if (!isOuValue(value)) {
      return { ok: false, reason: 'invalid-ou' };
    }
    if (!ous.includes(value)) {
      ous.push(value);
    }
  }
  if (ous.length === 0) {
    return { ok: false, reason: 'no-ou-in-subject' };
  }
  if (ous.length > MAX_OUS_PER_CERTIFICATE) {
    return { ok: false, reason: 'too-many-ous' };
  }
  return { ok: true, ous };
}
