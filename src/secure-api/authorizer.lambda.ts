import { createAuthorizer } from './runtime/authorizer';
import { readConfiguration } from './runtime/configuration';
import { writeToStdout } from './runtime/decision-log';
import { dynamoDbMappingReader, MAPPING_LOOKUP_TIMEOUT_MILLIS } from './runtime/dynamodb-mapping-reader';
import { MappingStore } from './runtime/mapping-store';

/**
 * The certificate-OU REQUEST authorizer of `SecureApi` (see runtime/authorizer.ts for how it
 * decides and denies, and mapping-format.ts for the table it reads).
 */
const configuration = readConfiguration(process.env);

export const handler = createAuthorizer({
  store: configuration.tableName === undefined ? undefined : new MappingStore({
    ...configuration,
    tableName: configuration.tableName,
    getItem: dynamoDbMappingReader(),
    lookupTimeoutMillis: MAPPING_LOOKUP_TIMEOUT_MILLIS,
  }),
  allowSeveralMappedOus: configuration.allowSeveralMappedOus,
  write: writeToStdout,
  now: () => Date.now(),
});
