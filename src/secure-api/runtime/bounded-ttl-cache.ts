interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A map whose entries expire after a TTL and whose size never passes `maxEntries`: when full, the
 * oldest insertion goes first. Time is passed in, so callers read the clock once per request.
 */
export class BoundedTtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly maxEntries: number, private readonly ttlMillis: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, now: number): void {
    if (this.maxEntries <= 0 || this.ttlMillis <= 0) {
      return;
    }
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      this.evictOldest(now);
    }
    this.entries.set(key, { value, expiresAt: now + this.ttlMillis });
  }

  private evictOldest(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now || this.entries.size >= this.maxEntries) {
        this.entries.delete(key);
      } else {
        return;
      }
    }
  }
}
