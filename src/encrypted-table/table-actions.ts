/**
 * The DynamoDB actions `EncryptedTable.grantActions` accepts, and the KMS actions each needs.
 *
 * On a table encrypted with a customer-managed key, DynamoDB calls KMS on behalf of the caller:
 * reading needs `kms:Decrypt` (DynamoDB decrypts the table key), writing also needs
 * `kms:Encrypt` and `kms:GenerateDataKey` (DynamoDB encrypts data under a new data key), and the
 * call must come through DynamoDB (`kms:ViaService`). See "Authorizing use of your KMS key" in
 * https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html and
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html.
 */

/** Item and table reads: the principal decrypts. */
export const TABLE_READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:PartiQLSelect',
  'dynamodb:Query',
  'dynamodb:Scan',
];

/** Item writes: the principal encrypts (and decrypts, to read what it conditions on). */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

/** Stream reads: on the stream's ARN, not the table's; stream records are encrypted with the table key. */
export const STREAM_READ_ACTIONS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
];

/** Actions that also reach the table's indexes. */
export const INDEX_ACTIONS = ['dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PartiQLSelect'];

export const KMS_FOR_READ = ['kms:Decrypt'];
export const KMS_FOR_WRITE = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];

export const GRANTABLE_ACTIONS = [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, ...STREAM_READ_ACTIONS].sort();

/** Convenience sets. */
export const READ_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
export const WRITE_ITEM_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];

/** The KMS actions needed by a set of DynamoDB actions: exact names, never a star form. */
export function kmsActionsFor(actions: string[]): string[] {
  if (actions.some((action) => TABLE_WRITE_ACTIONS.includes(action))) {
    return KMS_FOR_WRITE;
  }
  return KMS_FOR_READ;
}

/**
 * Why an action can't be granted, with the exact alternatives, or undefined when it can.
 */
export function actionProblem(action: string): string | undefined {
  if (GRANTABLE_ACTIONS.includes(action)) {
    return undefined;
  }
  if (action.includes('*')) {
    const pattern = new RegExp('^' + action.split('*').map(escapeRegExp).join('.*') + '$');
    const matches = GRANTABLE_ACTIONS.filter((known) => pattern.test(known));
    const alternatives = matches.length > 0 ? matches : GRANTABLE_ACTIONS;
    return `'${action}' is a wildcard; name the exact actions instead: ${alternatives.join(', ')}`;
  }
  if (!action.startsWith('dynamodb:')) {
    return `'${action}' is not a DynamoDB action; grant it on its own resource, and on this table only: ${GRANTABLE_ACTIONS.join(', ')}`;
  }
  return `'${action}' is not a DynamoDB data action this table grants; use one of: ${GRANTABLE_ACTIONS.join(', ')}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
