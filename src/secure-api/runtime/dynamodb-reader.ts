// eslint-disable-next-line import/no-extraneous-dependencies -- the Lambda Node.js runtime provides the AWS SDK; esbuild leaves it external
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetTableItem } from './table-read';

/** Short timeouts and one retry: a slow answer is a 401 the client can retry, not a hung request. */
export const DYNAMODB_CONNECTION_TIMEOUT_MILLIS = 500;
export const DYNAMODB_REQUEST_TIMEOUT_MILLIS = 1000;
export const DYNAMODB_MAX_ATTEMPTS = 2;
/** Deadline for the look-ups of one request, retries included. */
export const LOOKUP_TIMEOUT_MILLIS = 2000;

/**
 * GetItem on the mapping and revocation tables, through one client. Region, credentials and endpoint come from the Lambda
 * environment (tests point `AWS_ENDPOINT_URL_DYNAMODB` at DynamoDB Local).
 */
export function dynamoDbReader(): GetTableItem {
  const client = new DynamoDBClient({
    maxAttempts: DYNAMODB_MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: DYNAMODB_CONNECTION_TIMEOUT_MILLIS,
      requestTimeout: DYNAMODB_REQUEST_TIMEOUT_MILLIS,
    },
  });
  return (input, abortSignal) => client.send(new GetItemCommand(input), { abortSignal });
}
