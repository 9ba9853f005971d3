import { Annotations, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { InvalidPropError } from './errors';

/**
 * The metadata entry that carries an acknowledgement's terms (`{ [id]: { expires, ticket } }`)
 * beside the `Validations.ACKNOWLEDGED_RULES_METADATA_KEY` entry. cdk-nag reads only the latter,
 * so in the app an acknowledgement hides its finding whatever its terms; the compliance gate
 * (src/gate) reads both and turns an expired acknowledgement back into a finding.
 */
export const ACKNOWLEDGEMENT_TERMS_METADATA_KEY = 'cdk-secure-serverless:acknowledgement-terms';

/** How long an acknowledgement holds and what tracks it. */
export interface AcknowledgementTerms {
  /** The last day (UTC, `YYYY-MM-DD`) the acknowledgement hides its finding; by default it does not expire. */
  readonly expires?: string;
  /** The ticket that tracks the fix or the review (e.g. `SEC-123`). */
  readonly ticket?: string;
}

/**
 * Acknowledges one validation finding (e.g. `AwsSolutions-IAM5[Action::xray:PutTraceSegments]`)
 * on one construct, with the reason a reviewer reads, and optionally an expiry date and a ticket.
 *
 * `Validations.of(scope).acknowledge()` rejects ids with more than one `::`, which most
 * finding ids that carry an ARN have (cdk-nag issues 2351 and 2359). This writes the same
 * metadata entry that `acknowledge()` writes and that cdk-nag v3 reads, so every id works.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string, terms: AcknowledgementTerms = {}): void {
  if (!id.trim()) {
    throw new InvalidPropError('Acknowledgement.NoId', scope, 'acknowledgement', 'the finding id is empty',
      'give the finding id the pack reports, e.g. AwsSolutions-IAM5[Resource::*]');
  }
  if (!reason.trim()) {
    throw new InvalidPropError('Acknowledgement.NoReason', scope, `acknowledgement of ${id}`, 'no reason is given',
      'say why the finding is acceptable here');
  }
  // every term is checked before anything is recorded, so a refused acknowledgement leaves no trace
  if (terms.expires !== undefined && !isCalendarDate(terms.expires)) {
    throw new InvalidPropError('Acknowledgement.InvalidExpiry', scope, `acknowledgement of ${id}`, `expires '${terms.expires}' is not a date`,
      'write the last day it holds as YYYY-MM-DD (UTC)');
  }
  if (terms.ticket !== undefined && !terms.ticket.trim()) {
    throw new InvalidPropError('Acknowledgement.EmptyTicket', scope, `acknowledgement of ${id}`, 'ticket is empty',
      'name the ticket that tracks it, or leave ticket out');
  }
  addToLatest(scope, Validations.ACKNOWLEDGED_RULES_METADATA_KEY, id, reason);
  if (terms.expires !== undefined || terms.ticket !== undefined) {
    addToLatest(scope, ACKNOWLEDGEMENT_TERMS_METADATA_KEY, id, { expires: terms.expires, ticket: terms.ticket });
  }
  if (terms.expires !== undefined && terms.expires < new Date().toISOString().slice(0, 10)) {
    // cdk-nag in the app still honours it; the compliance gate counts its finding again.
    Annotations.of(scope).addWarningV2(`cdk-secure-serverless:acknowledgement-expired:${id}`,
      `The acknowledgement of ${id} expired on ${terms.expires}${terms.ticket ? ` (${terms.ticket})` : ''}: ${reason}. The compliance gate reports the finding as an error again.`);
  }
}

/** Adds `id → value` to the construct's latest entry of a metadata type (one entry holds them all). */
function addToLatest(scope: IConstruct, type: string, id: string, value: unknown): void {
  const entries = scope.node.metadata.filter((entry) => entry.type === type);
  scope.node.addMetadata(type, { ...(entries[entries.length - 1]?.data ?? {}), [id]: value });
}

/** `YYYY-MM-DD` naming a real day (2027-02-30 is not one). */
function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return false;
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}
