import type { GetItemCommandInput, GetItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { MAPPING_PARTITION_KEY } from '../mapping-format';
import { BoundedTtlCache } from './bounded-ttl-cache';
import { decodeMappingItem } from './mapping-item';
import { MALFORMED, OuLookup } from './ou-mapping';

/** Reads one mapping item by key; the real implementation wraps a DynamoDB client. */
export type GetMappingItem = (input: GetItemCommandInput, abortSignal: AbortSignal) => Promise<GetItemCommandOutput>;

export interface MappingStoreOptions {
  readonly tableName: string;
  readonly getItem: GetMappingItem;
  readonly cacheTtlSeconds: number;
  readonly negativeCacheTtlSeconds: number;
  readonly cacheMaxEntries: number;
  /** Deadline for all the reads of one request, retries included. */
  readonly lookupTimeoutMillis: number;
}

/** DynamoDB failed, throttled or timed out: the caller must deny without caching anything. */
export class MappingLookupError extends Error {
  constructor(readonly causeName: string) {
    super('mapping lookup failed');
  }
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
    this.mapped = new BoundedTtlCache(options.cacheMaxEntries, options.cacheTtlSeconds * 1000);
    this.unmapped = new BoundedTtlCache(options.cacheMaxEntries, options.negativeCacheTtlSeconds * 1000);
  }

  /** One result per OU, in order. Throws {@link MappingLookupError} when DynamoDB can't answer. */
  async lookup(ous: readonly string[], now: number): Promise<OuLookup[]> {
    const results: (OuLookup | undefined)[] = ous.map((ou) => this.cached(ou, now));
    const missing = ous.filter((_, index) => results[index] === undefined);
    if (missing.length === 0) {
      return results as OuLookup[];
    }
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

  private async fetch(ous: readonly string[]): Promise<OuLookup[]> {
    const abortSignal = AbortSignal.timeout(this.options.lookupTimeoutMillis);
    try {
      const reads = Promise.all(ous.map(async (ou) => {
        const output = await this.options.getItem(
          { TableName: this.options.tableName, Key: { [MAPPING_PARTITION_KEY]: { S: ou } } },
          abortSignal,
        );
        return typeof output === 'object' && output !== null ? decodeMappingItem(ou, output.Item) : MALFORMED;
      }));
      // The SDK honours the signal; the race makes the deadline hold even if a read ignores it.
      return await Promise.race([reads, rejectWhenAborted(abortSignal)]);
    } catch (error) {
      throw new MappingLookupError(errorName(error));
    }
  }
}

function rejectWhenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(name) ? name : 'Error';
}
