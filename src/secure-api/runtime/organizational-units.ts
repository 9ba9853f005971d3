import { DecisionReason } from './decision-reason';
import { isOuValue } from '../mapping-format';

export const MAX_OUS_PER_CERTIFICATE = 8;

export type OuExtraction =
  | { readonly ok: true; readonly ous: readonly string[] }
  | { readonly ok: false; readonly reason: DecisionReason };

/**
 * The distinct OUs of a certificate's subject, from its OU values in certificate order; each must
 * be one a mapping can name (see `isOuValue`), and there must be 1 to {@link MAX_OUS_PER_CERTIFICATE}.
 */
export function organizationalUnits(values: readonly string[]): OuExtraction {
  const ous: string[] = [];
  for (const value of values) {
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
