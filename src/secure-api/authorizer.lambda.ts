import { createAuthorizer } from './runtime/authorizer';
import { readConfiguration } from './runtime/configuration';
import { writeToStdout } from './runtime/decision-log';
import { dynamoDbReader, LOOKUP_TIMEOUT_MILLIS } from './runtime/dynamodb-reader';
import { MappingStore } from './runtime/mapping-store';
import { RevocationList } from './runtime/revocation-list';

/**
 * The certificate-OU REQUEST authorizer of `SecureApi` (see runtime/authorizer.ts for how it
 * decides and denies, mapping-format.ts and revocation-format.ts for the tables it reads).
 */
const configuration = readConfiguration(process.env);
const getItem = dynamoDbReader();

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
  allowSeveralMappedOus: configuration.allowSeveralMappedOus,
  trustedIssuers: configuration.trustedIssuers,
  write: writeToStdout,
  now: () => Date.now(),
});
