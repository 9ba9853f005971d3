import { MAPPING_PARTITION_KEY } from '../mapping-format';
import { BoundedTtlCache } from './bounded-ttl-cache';
import { decodeMappingItem } from './mapping-item';
import { MALFORMED, OuLookup } from './ou-mapping';
import { GetTableItem, readBeforeDeadline } from './table-read';

export interface MappingStoreOptions {
  readonly mappingTableName: string;
  readonly getItem: GetTableItem;
  readonly mappingCacheTtlSeconds: number;
  readonly mappingNegativeCacheTtlSeconds: number;
  readonly mappingCacheMaxEntries: number;
  /** Deadline for all the reads of one request, retries included. */
  readonly lookupTimeoutMillis: number;
}

/**
 * Looks OUs up in the mapping table by key, behind two bounded TTL caches: one for mapped OUs and
 * a shorter-lived one for unknown or malformed OUs, so a flood of strangers can't push the
 * legitimate clients out of the cache.
 */
export class MappingStore {
  private readonly mapped: BoundedTtlCache<OuLookup>;
  private readonly unmapped: BoundedTtlCache<OuLookup>;

  constructor(private readonly options: MappingStoreOptions) {
    this.mapped = new BoundedTtlCache(options.mappingCacheMaxEntries, options.mappingCacheTtlSeconds * 1000);
    this.unmapped = new BoundedTtlCache(options.mappingCacheMaxEntries, options.mappingNegativeCacheTtlSeconds * 1000);
  }

  /**
   * One result per OU, in order; answered without a promise when every OU is cached (the warm
   * path). Rejects with a `TableLookupError` when DynamoDB can't answer.
   */
  lookup(ous: readonly string[], now: number): OuLookup[] | Promise<OuLookup[]> {
    const results: (OuLookup | undefined)[] = ous.map((ou) => this.cached(ou, now));
    if (results.every((result) => result !== undefined)) {
      return results as OuLookup[];
    }
    return this.fill(ous, results, now);
  }

  private async fill(ous: readonly string[], results: (OuLookup | undefined)[], now: number): Promise<OuLookup[]> {
    const missing = ous.filter((_, index) => results[index] === undefined);
    const fetched = await this.fetch(missing);
    for (let i = 0, m = 0; i < ous.length; i++) {
      if (results[i] === undefined) {
        const lookup = fetched[m++];
        results[i] = lookup;
        (lookup.kind === 'mapped' ? this.mapped : this.unmapped).set(ous[i], lookup, now);
      }
    }
    return results as OuLookup[];
  }

  private cached(ou: string, now: number): OuLookup | undefined {
    return this.mapped.get(ou, now) ?? this.unmapped.get(ou, now);
  }

  private fetch(ous: readonly string[]): Promise<OuLookup[]> {
    return readBeforeDeadline('mapping', this.options.lookupTimeoutMillis, (abortSignal) => Promise.all(ous.map(async (ou) => {
      const output = await this.options.getItem(
        { TableName: this.options.mappingTableName, Key: { [MAPPING_PARTITION_KEY]: { S: ou } } },
        abortSignal,
      );
      return typeof output === 'object' && output !== null ? decodeMappingItem(ou, output.Item) : MALFORMED;
    })));
  }
}
