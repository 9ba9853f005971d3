import { createAuthorizer } from './runtime/authorizer';
import { readConfiguration } from './runtime/configuration';
import { CrlStore } from './runtime/crl-store';
import { writeToStdout } from './runtime/decision-log';
import { dynamoDbReader, LOOKUP_TIMEOUT_MILLIS } from './runtime/dynamodb-reader';
import { MappingStore } from './runtime/mapping-store';
import { RevocationList } from './runtime/revocation-list';
import { CRL_FETCH_TIMEOUT_MILLIS, s3Reader } from './runtime/s3-reader';

/**
 * The certificate-OU REQUEST authorizer of `SecureApi` (see runtime/authorizer.ts for how it
 * decides and denies, mapping-format.ts and revocation-format.ts for the tables it reads,
 * crl-format.ts for the CRLs).
 */
const configuration = readConfiguration(process.env);
const getItem = dynamoDbReader();
const revocationLists = crlStore();
// Fetched during the function's initialization, so the first request seldom waits for S3.
revocationLists?.prefetch(Date.now());

export const handler = createAuthorizer({
  store: configuration.tableName === undefined ? undefined : new MappingStore({
    ...configuration,
    tableName: configuration.tableName,
    getItem,
    lookupTimeoutMillis: LOOKUP_TIMEOUT_MILLIS,
  }),
  revocations: configuration.revocationTableName === undefined ? undefined : new RevocationList({
    tableName: configuration.revocationTableName,
    getItem,
    cacheTtlSeconds: configuration.revocationCacheTtlSeconds,
    cacheMaxEntries: configuration.cacheMaxEntries,
    lookupTimeoutMillis: LOOKUP_TIMEOUT_MILLIS,
  }),
  revocationLists,
  allowSeveralMappedOus: configuration.allowSeveralMappedOus,
  trustedIssuers: configuration.trustedIssuers,
  write: writeToStdout,
  now: () => Date.now(),
});

async function noObjects(): Promise<Uint8Array> {
  throw new Error('no CRL is configured');
}

/** `undefined` when a configured CA's name or key can't be read: every request is then refused. */
function crlStore(): CrlStore | undefined {
  if (configuration.revocationLists === undefined) {
    return undefined;
  }
  try {
    return new CrlStore({
      sources: configuration.revocationLists,
      // No S3 client at all (nor its cold-start cost) for an API without CRLs.
      getObject: configuration.revocationLists.length > 0 ? s3Reader() : noObjects,
      refreshSeconds: configuration.revocationListRefreshSeconds,
      fetchTimeoutMillis: CRL_FETCH_TIMEOUT_MILLIS,
    });
  } catch {
    return undefined;
  }
}
