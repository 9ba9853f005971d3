import type { GetItemCommandInput, GetItemCommandOutput } from '@aws-sdk/client-dynamodb';

/** Reads one item by key; the real implementation wraps a DynamoDB client (dynamodb-reader.ts). */
export type GetTableItem = (input: GetItemCommandInput, abortSignal: AbortSignal) => Promise<GetItemCommandOutput>;

/** Which table could not answer. */
export type LookupTable = 'mapping' | 'revocation';

/** DynamoDB failed, throttled or timed out: the caller must refuse without caching anything. */
export class TableLookupError extends Error {
  constructor(readonly table: LookupTable, readonly causeName: string) {
    super(`${table} lookup failed`);
  }
}

/**
 * Runs the reads of one request under one deadline, retries included. The SDK honours the signal;
 * the race makes the deadline hold even if a read ignores it. Any failure becomes a
 * {@link TableLookupError} naming the table and the error's name only.
 */
export async function readBeforeDeadline<T>(table: LookupTable, timeoutMillis: number, read: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const abortSignal = AbortSignal.timeout(timeoutMillis);
  try {
    return await Promise.race([read(abortSignal), rejectWhenAborted(abortSignal)]);
  } catch (error) {
    throw new TableLookupError(table, errorName(error));
  }
}

/** A promise that rejects with the signal's reason once it aborts. */
export function rejectWhenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** An error's name when it is a plain identifier, else `Error`: logged, never its message. */
export function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(name) ? name : 'Error';
}
