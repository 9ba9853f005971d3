import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  ISSUER_PUBLIC_KEY_FIELD,
  MAPPING_CONTEXT_ATTRIBUTE,
  MAPPING_ISSUERS_ATTRIBUTE,
  MAPPING_ORG_ID_ATTRIBUTE,
  MAPPING_PARTITION_KEY,
  MAPPING_ROUTES_ATTRIBUTE,
} from '../../../src/secure-api/mapping-format';
import { REVOCATION_PARTITION_KEY } from '../../../src/secure-api/revocation-format';
import { localClientConfig } from '../../support/dynamodb-local';

export interface OuMappingFixture {
  readonly ou: string;
  readonly routes: readonly string[];
  readonly orgId?: string;
  readonly context?: Record<string, string>;
  /** DN strings, or `{ publicKey }` for an issuer pinned by its CA's key (mapping-format.ts). */
  readonly issuers?: readonly (string | { readonly publicKey: string })[];
}

export function localDynamoDb(endpoint: string): DynamoDBClient {
  return new DynamoDBClient(localClientConfig(endpoint));
}

/** The table as the SecureApi construct defines it: partition key `ou` (S), on-demand. */
export async function createMappingTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: MAPPING_PARTITION_KEY, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: MAPPING_PARTITION_KEY, AttributeType: 'S' }],
  }));
}

/** The revocation table as the SecureApi construct defines it: partition key `certificate` (S). */
export async function createRevocationTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: REVOCATION_PARTITION_KEY, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: REVOCATION_PARTITION_KEY, AttributeType: 'S' }],
  }));
}

/** The authorizer's two tables, as the construct defines them, holding `mappings`. */
export async function createAuthorizerTables(client: DynamoDBClient, mappingTable: string, revocationTable: string,
  mappings: readonly OuMappingFixture[]): Promise<void> {
  await Promise.all([createMappingTable(client, mappingTable), createRevocationTable(client, revocationTable)]);
  for (const mapping of mappings) {
    await putMapping(client, mappingTable, mapping);
  }
}

/** Revokes a certificate the way an operator would: one item, keyed as revocation-format.ts documents. */
export async function revoke(client: DynamoDBClient, tableName: string, key: string): Promise<void> {
  await client.send(new PutItemCommand({ TableName: tableName, Item: { [REVOCATION_PARTITION_KEY]: { S: key }, reason: { S: 'test' } } }));
}

export async function putMapping(client: DynamoDBClient, tableName: string, mapping: OuMappingFixture): Promise<void> {
  await client.send(new PutItemCommand({
    TableName: tableName,
    Item: {
      [MAPPING_PARTITION_KEY]: { S: mapping.ou },
      [MAPPING_ROUTES_ATTRIBUTE]: { L: mapping.routes.map((route) => ({ S: route })) },
      ...(mapping.orgId === undefined ? {} : { [MAPPING_ORG_ID_ATTRIBUTE]: { S: mapping.orgId } }),
      ...(mapping.issuers === undefined ? {} : {
        [MAPPING_ISSUERS_ATTRIBUTE]: {
          L: mapping.issuers.map((issuer) => (typeof issuer === 'string' ? { S: issuer } : { M: { [ISSUER_PUBLIC_KEY_FIELD]: { S: issuer.publicKey } } })),
        },
      }),
      ...(mapping.context === undefined ? {} : {
        [MAPPING_CONTEXT_ATTRIBUTE]: { M: Object.fromEntries(Object.entries(mapping.context).map(([k, v]) => [k, { S: v }])) },
      }),
    },
  }));
}
