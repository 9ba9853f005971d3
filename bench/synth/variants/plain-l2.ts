/**
 * Variant (b): the seed's demo as a typical developer writes it with aws-cdk-lib L2s and no
 * hardening: AWS-owned encryption, the default execution roles, an API with no authorization.
 */
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DemoApp, demoStack, HANDLER_DIR } from './demo-app';

export function plainL2App(outdir?: string): DemoApp {
  const demo = demoStack(outdir);
  const { stack } = demo;

  const table = new dynamodb.Table(stack, 'Findings', {
    partitionKey: { name: 'orgId', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'findingId', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  });
  const handler = (id: string, dir: string) => new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    code: lambda.Code.fromAsset(HANDLER_DIR(dir)),
    handler: 'index.handler',
    environment: { TABLE_NAME: table.tableName },
  });
  const ingest = handler('Ingest', 'ingest');
  const query = handler('Query', 'query');
  table.grantWriteData(ingest);
  table.grantReadData(query);

  const api = new apigw.RestApi(stack, 'Api');
  const findings = api.root.addResource('findings');
  findings.addMethod('POST', new apigw.LambdaIntegration(ingest));
  findings.addResource('{orgId}').addMethod('GET', new apigw.LambdaIntegration(query));
  return demo;
}
