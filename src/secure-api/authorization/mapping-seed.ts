import { CustomResource } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EncryptedTable } from '../../encrypted-table';
import { IKeyPerUsePolicy } from '../../key-per-use-policy';
import { ScopedFunction } from '../../scoped-function';

/**
 * Writes each declared OU's item on create and on every update that changes the mapping; deletes
 * nothing (the table outlives the stack). Answers CloudFormation itself, so no provider framework
 * function (with its AWS-managed policy) is needed; the only permission is PutItem on the table.
 */
export const SEED_HANDLER = `
const https = require('node:https');
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});

exports.handler = async (event, context) => {
  let status = 'SUCCESS';
  let reason = 'OU mapping written';
  try {
    if (event.RequestType !== 'Delete') {
      for (const item of JSON.parse(event.ResourceProperties.Items)) {
        await client.send(new PutItemCommand({ TableName: event.ResourceProperties.TableName, Item: item }));
      }
    }
  } catch (error) {
    status = 'FAILED';
    reason = 'Writing the OU mapping failed (' + (error && error.name) + '); see ' + context.logStreamName;
  }
  await answer(event, status, reason);
};

function answer(event, status, reason) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: event.PhysicalResourceId || event.LogicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  return new Promise((resolve, reject) => {
    const request = https.request(event.ResponseURL, {
      method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      response.resume();
      response.on('end', resolve);
    });
    request.on('error', reject);
    request.end(body);
  });
}
`;

/** The declared OU mapping, written into the mapping table at deploy time by a function allowed only PutItem on it. */
export class MappingSeed extends Construct {
  public readonly writer: ScopedFunction;

  constructor(scope: Construct, id: string, table: EncryptedTable, keys: IKeyPerUsePolicy, items: Record<string, unknown>[]) {
    super(scope, id);
    this.writer = new ScopedFunction(this, 'Writer', {
      code: lambda.Code.fromInline(SEED_HANDLER),
      handler: 'index.handler',
      keys,
      description: `Writes the OU mapping declared in ${scope.node.scope!.node.path} into its mapping table`,
    });
    table.grantActions(this.writer, 'dynamodb:PutItem');
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: this.writer.function.functionArn,
      resourceType: 'Custom::OuMapping',
      properties: { TableName: table.tableName, Items: JSON.stringify(items) },
    });
    // The writer must hold PutItem before CloudFormation invokes it; the function itself is
    // already a dependency through the service token (an explicit one is flagged by cfn-lint W3005).
    resource.node.addDependency(this.writer.policy);
  }
}
