/**
 * Variant (c): the same resources as the library variant, written by hand with aws-cdk-lib L2s
 * (and L1s where no L2 exists: WAF, the client certificate, the trail's advanced selectors).
 */
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DemoApp, demoStack, HANDLER_DIR } from '../demo-app';
import { hardenedApi } from './api';
import { hardenedTrail } from './audit';
import { grantTable, hardenedFunction } from './functions';
import { hardenedKeys } from './keys';
import { hardenedTable } from './tables';

export function hardenedL2App(outdir?: string): DemoApp {
  const demo = demoStack(outdir);
  const { stack } = demo;
  const keys = hardenedKeys(stack);
  const findings = hardenedTable(stack, 'Findings', keys.data, 'orgId', 'findingId');

  const handler = (id: string, dir: string) => hardenedFunction(stack, id, keys, {
    code: lambda.Code.fromAsset(HANDLER_DIR(dir)),
    environment: { TABLE_NAME: findings.tableName },
  });
  const ingest = handler('Ingest', 'ingest');
  grantTable(ingest, findings.tableArn, keys.data.keyArn, ['dynamodb:PutItem'], ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt']);
  const query = handler('Query', 'query');
  grantTable(query, findings.tableArn, keys.data.keyArn, ['dynamodb:GetItem', 'dynamodb:Query'], ['kms:Decrypt']);

  const api = hardenedApi(stack, keys, ingest.fn, query.fn);
  hardenedTrail(stack, keys,
    [findings.tableArn, api.mappingTableArn],
    [ingest, query, api.authorizer, api.writer].map((made) => made.fn.functionArn));
  return demo;
}
