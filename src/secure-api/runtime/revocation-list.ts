import { REVOCATION_PARTITION_KEY, revocationKey } from '../revocation-format';
import { BoundedTtlCache } from './bounded-ttl-cache';
import { GetTableItem, readBeforeDeadline } from './table-read';

export interface RevocationListOptions {
  readonly tableName: string;
  readonly getItem: GetTableItem;
  /** How long an answer (revoked or not) is kept: the authorizer's share of the revocation delay. */
  readonly cacheTtlSeconds: number;
  readonly cacheMaxEntries: number;
  readonly lookupTimeoutMillis: number;
}

/**
 * Whether a certificate is on the revocation table (see revocation-format.ts). Both answers are
 * kept for the cache TTL, so a client's repeated calls cost one read per TTL, and a revocation
 * takes effect within that TTL (plus API Gateway's own cache TTL). Throws a `TableLookupError`
 * when DynamoDB can't answer: the request is then refused and nothing is cached.
 */
export class RevocationList {
  private readonly answers: BoundedTtlCache<boolean>;

  constructor(private readonly options: RevocationListOptions) {
    this.answers = new BoundedTtlCache(options.cacheMaxEntries, options.cacheTtlSeconds * 1000);
  }

  /** Answered without a promise when the answer is cached (the warm path). */
  isRevoked(issuerDn: string, serialNumber: string, now: number): boolean | Promise<boolean> {
    const key = revocationKey(issuerDn, serialNumber);
    const cached = this.answers.get(key, now);
    return cached !== undefined ? cached : this.read(key, now);
  }

  private async read(key: string, now: number): Promise<boolean> {
    const output = await readBeforeDeadline('revocation', this.options.lookupTimeoutMillis, (abortSignal) =>
      this.options.getItem({ TableName: this.options.tableName, Key: { [REVOCATION_PARTITION_KEY]: { S: key } } }, abortSignal));
    // Anything but a clean "no item" counts as revoked: a reply we can't read is no proof of validity.
    const revoked = typeof output !== 'object' || output === null || output.Item !== undefined;
    this.answers.set(key, revoked, now);
    return revoked;
  }
}
