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
  store: configuration.mappingTableName === undefined ? undefined : new MappingStore({
    ...configuration,
    mappingTableName: configuration.mappingTableName,
    getItem,
    lookupTimeoutMillis: LOOKUP_TIMEOUT_MILLIS,
  }),
  revocations: configuration.revocationTableName === undefined ? undefined : new RevocationList({
    ...configuration,
    revocationTableName: configuration.revocationTableName,
    revocationCacheMaxEntries: configuration.mappingCacheMaxEntries,
    getItem,
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
  if (configuration.certificateRevocationLists === undefined) {
    return undefined;
  }
  try {
    return new CrlStore({
      sources: configuration.certificateRevocationLists,
      // No S3 client at all (nor its cold-start cost) for an API without CRLs.
      getObject: configuration.certificateRevocationLists.length > 0 ? s3Reader() : noObjects,
      refreshSeconds: configuration.revocationListRefreshSeconds,
      fetchTimeoutMillis: CRL_FETCH_TIMEOUT_MILLIS,
    });
  } catch {
    return undefined;
  }
}
