import { LogCapture } from './log-capture';
import { AuthorizerDependencies, AuthorizerHandler, createAuthorizer } from '../../../src/secure-api/runtime/authorizer';
import { CrlStore } from '../../../src/secure-api/runtime/crl-store';
import { MappingStore, MappingStoreOptions } from '../../../src/secure-api/runtime/mapping-store';
import { RevocationList, RevocationListOptions } from '../../../src/secure-api/runtime/revocation-list';
import { GetTableItem } from '../../../src/secure-api/runtime/table-read';

/**
 * The authorizer's parts as the tests that drive it without the bundle assemble them: stubbed
 * reads, small caches, a captured log. Each part takes what a test varies.
 */

/** The mapping item of the OU `customers`, allowed `GET /findings/{orgId}` (mapping-format.ts). */
export const GOOD_ITEM = { ou: { S: 'customers' }, routes: { L: [{ S: 'GET /findings/{orgId}' }] } };
/** Every OU is `customers`' item. */
export const ALWAYS_GOOD_ITEM: GetTableItem = async () => ({ Item: GOOD_ITEM, $metadata: {} });
/** No certificate is on the revocation table. */
export const NOT_REVOKED: GetTableItem = async () => ({ $metadata: {} });

/** A mapping store on table `mapping`: 60 s, 5 s for unknown OUs, 10 entries, 200 ms per look-up, unless told. */
export function mappingStore(getItem: GetTableItem = ALWAYS_GOOD_ITEM, options: Partial<MappingStoreOptions> = {}): MappingStore {
  return new MappingStore({
    mappingTableName: 'mapping',
    getItem,
    mappingCacheTtlSeconds: 60,
    mappingNegativeCacheTtlSeconds: 5,
    mappingCacheMaxEntries: 10,
    lookupTimeoutMillis: 200,
    ...options,
  });
}

/** A revocation list on table `revocations`: 30 s, 10 entries, 200 ms per look-up, unless told. */
export function revocationList(getItem: GetTableItem = NOT_REVOKED, options: Partial<RevocationListOptions> = {}): RevocationList {
  return new RevocationList({
    revocationTableName: 'revocations',
    getItem,
    revocationCacheTtlSeconds: 30,
    revocationCacheMaxEntries: 10,
    lookupTimeoutMillis: 200,
    ...options,
  });
}

/** No CA publishes a CRL (crl-faults.test.ts covers those that do). */
export function noRevocationLists(): CrlStore {
  return new CrlStore({
    sources: [], getObject: async () => { throw new Error('no CRL is configured'); }, refreshSeconds: 300, fetchTimeoutMillis: 1000,
  });
}

/**
 * An authorizer of the given parts; the others: `customers` mapped, nothing revoked, no CRL, one
 * mapped OU a certificate, the log captured, the real clock. A part given as `undefined` stays
 * undefined (a misconfigured function).
 */
export function authorizerOf(
  parts: Partial<AuthorizerDependencies> & Pick<AuthorizerDependencies, 'trustedIssuers'>,
): { handler: AuthorizerHandler; logs: LogCapture } {
  const logs = new LogCapture();
  const handler = createAuthorizer({
    store: 'store' in parts ? parts.store : mappingStore(),
    revocations: 'revocations' in parts ? parts.revocations : revocationList(),
    revocationLists: 'revocationLists' in parts ? parts.revocationLists : noRevocationLists(),
    allowSeveralMappedOus: parts.allowSeveralMappedOus ?? false,
    trustedIssuers: parts.trustedIssuers,
    write: parts.write ?? logs.write,
    now: parts.now ?? (() => Date.now()),
  });
  return { handler, logs };
}

/** The request was refused with API Gateway's 401 and nothing else: no table, bucket, cause or stack. */
export async function expectUnauthorized(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toBe('Unauthorized');
}
