import { CustomResource } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EncryptedTable } from '../../encrypted-table';
import { IKeyPerUsePolicy } from '../../key-per-use-policy';
import { ANSWER_CLOUDFORMATION } from '../../private/custom-resource-answer';
import { ScopedFunction } from '../../scoped-function';
import { MAPPING_PARTITION_KEY, MAPPING_WRITER_ATTRIBUTE } from '../mapping-format';

/**
 * Keeps the table in step with the OU mapping declared in code. On create and update it writes
 * each declared OU's item, marked with the writer attribute; on update it deletes each OU that was
 * declared before and no longer is, and on delete (the mapping or the API left the app) every OU
 * it declared, but in both cases only while the item still carries this construct's mark (a
 * conditional delete), so an item an operator wrote or rewrote by hand is never removed. The
 * table itself outlives the stack. Answers CloudFormation itself, so no provider framework
 * function (with its AWS-managed policy) is needed; the only permissions are PutItem and
 * DeleteItem on the table.
 */
export const SEED_HANDLER = `
const https = require('node:https');
const { DynamoDBClient, PutItemCommand, DeleteItemCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});

exports.handler = async (event, context) => {
  let status = 'SUCCESS';
  let reason = 'OU mapping written';
  try {
    const properties = event.ResourceProperties;
    const items = JSON.parse(properties.Items);
    const declared = new Set(items.map((item) => item.${MAPPING_PARTITION_KEY}.S));
    if (event.RequestType === 'Delete') {
      await removeUnlessRewritten(properties.TableName, [...declared], properties.WrittenBy);
    } else {
      for (const item of items) {
        const marked = Object.assign({}, item, { ${MAPPING_WRITER_ATTRIBUTE}: { S: properties.WrittenBy } });
        await client.send(new PutItemCommand({ TableName: properties.TableName, Item: marked }));
      }
      const old = event.RequestType === 'Update' ? event.OldResourceProperties : undefined;
      if (old && old.TableName === properties.TableName && old.WrittenBy === properties.WrittenBy) {
        const dropped = JSON.parse(old.Items).map((item) => item.${MAPPING_PARTITION_KEY}.S).filter((ou) => !declared.has(ou));
        await removeUnlessRewritten(properties.TableName, dropped, properties.WrittenBy);
      }
    }
  } catch (error) {
    status = 'FAILED';
    reason = 'Writing the OU mapping failed (' + (error && error.name) + '); see ' + context.logStreamName;
  }
  await answer(event, status, reason);
};

async function removeUnlessRewritten(tableName, ous, writtenBy) {
  for (const ou of ous) {
    try {
      await client.send(new DeleteItemCommand({
        TableName: tableName,
        Key: { ${MAPPING_PARTITION_KEY}: { S: ou } },
        ConditionExpression: '#writer = :writer',
        ExpressionAttributeNames: { '#writer': '${MAPPING_WRITER_ATTRIBUTE}' },
        ExpressionAttributeValues: { ':writer': { S: writtenBy } },
      }));
    } catch (error) {
      if (!error || error.name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}

${ANSWER_CLOUDFORMATION}`;

/**
 * The declared OU mapping, kept in the mapping table at deploy time by a function allowed only
 * PutItem and DeleteItem on it. `writtenBy` marks the items it wrote (the API's construct path).
 */
export class MappingSeed extends Construct {
  public readonly writer: ScopedFunction;

  constructor(scope: Construct, id: string, table: EncryptedTable, keys: IKeyPerUsePolicy, items: Record<string, unknown>[], writtenBy: string) {
    super(scope, id);
    this.writer = new ScopedFunction(this, 'Writer', {
      code: lambda.Code.fromInline(SEED_HANDLER),
      handler: 'index.handler',
      keys,
      description: `Writes the OU mapping declared in ${scope.node.scope!.node.path} into its mapping table`,
    });
    table.grantActions(this.writer, 'dynamodb:PutItem', 'dynamodb:DeleteItem');
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: this.writer.function.functionArn,
      resourceType: 'Custom::OuMapping',
      properties: { TableName: table.tableName, Items: JSON.stringify(items), WrittenBy: writtenBy },
    });
    // The writer must hold PutItem before CloudFormation invokes it; the function itself is
    // already a dependency through the service token (an explicit one is flagged by cfn-lint W3005).
    resource.node.addDependency(this.writer.policy);
  }
}
