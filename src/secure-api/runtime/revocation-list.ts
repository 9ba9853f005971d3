import { REVOCATION_PARTITION_KEY, revocationKey } from '../revocation-format';
import { BoundedTtlCache } from './bounded-ttl-cache';
import { GetTableItem, readBeforeDeadline } from './table-read';

export interface RevocationListOptions {
  readonly revocationTableName: string;
  readonly getItem: GetTableItem;
  /** How long an answer (revoked or not) is kept: the authorizer's share of the revocation delay. */
  readonly revocationCacheTtlSeconds: number;
  readonly revocationCacheMaxEntries: number;
  readonly lookupTimeoutMillis: number;
}

/** The certificate a revocation look-up is about. */
export interface RevokableCertificate {
  /** The issuer DN read from the certificate, in canonical form (distinguished-name.ts). */
  readonly canonicalIssuer: string;
  /** API Gateway's `issuerDN`: the key of items written before the canonical key (revocation-format.ts). */
  readonly renderedIssuer: string;
  readonly serialNumber: string;
}

/**
 * Whether a certificate is on the revocation table (see revocation-format.ts), under its canonical
 * key or, for items written before that key, under API Gateway's rendering of the issuer DN. Both
 * answers are kept for the cache TTL, so a client's repeated calls cost one look-up per TTL, and a
 * revocation takes effect within that TTL (plus API Gateway's own cache TTL). Throws a
 * `TableLookupError` when DynamoDB can't answer: the request is then refused and nothing is cached.
 */
export class RevocationList {
  private readonly answers: BoundedTtlCache<boolean>;

  constructor(private readonly options: RevocationListOptions) {
    this.answers = new BoundedTtlCache(options.revocationCacheMaxEntries, options.revocationCacheTtlSeconds * 1000);
  }

  /** Answered without a promise when the answer is cached (the warm path). */
  isRevoked(certificate: RevokableCertificate, now: number): boolean | Promise<boolean> {
    const keys = [revocationKey(certificate.canonicalIssuer, certificate.serialNumber)];
    const renderedKey = revocationKey(certificate.renderedIssuer, certificate.serialNumber);
    if (renderedKey !== keys[0]) {
      keys.push(renderedKey);
    }
    // Cached under both keys together: the answer is about both items.
    const cacheKey = keys.join('\u0000');
    const cached = this.answers.get(cacheKey, now);
    return cached !== undefined ? cached : this.read(keys, cacheKey, now);
  }

  private async read(keys: readonly string[], cacheKey: string, now: number): Promise<boolean> {
    const outputs = await readBeforeDeadline('revocation', this.options.lookupTimeoutMillis, (abortSignal) =>
      Promise.all(keys.map((key) =>
        this.options.getItem({ TableName: this.options.revocationTableName, Key: { [REVOCATION_PARTITION_KEY]: { S: key } } }, abortSignal))));
    // Anything but a clean "no item" counts as revoked: a reply we can't read is no proof of validity.
    const revoked = outputs.some((output) => typeof output !== 'object' || output === null || output.Item !== undefined);
    this.answers.set(cacheKey, revoked, now);
    return revoked;
  }
}
