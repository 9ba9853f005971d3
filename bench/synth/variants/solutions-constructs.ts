/**
 * Variant (d): the seed's demo from AWS Solutions Constructs with their defaults: one
 * ApiGatewayToLambda per handler (each its own REST API, IAM authorization by default) and
 * LambdaToDynamoDB patterns sharing one table.
 */
import { ApiGatewayToLambda } from '@aws-solutions-constructs/aws-apigateway-lambda';
import { LambdaToDynamoDB } from '@aws-solutions-constructs/aws-lambda-dynamodb';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DemoApp, demoStack, HANDLER_DIR } from './demo-app';

export function solutionsConstructsApp(outdir?: string): DemoApp {
  const demo = demoStack(outdir);
  const { stack } = demo;

  const functionProps = (dir: string): lambda.FunctionProps => ({
    runtime: lambda.Runtime.NODEJS_22_X,
    code: lambda.Code.fromAsset(HANDLER_DIR(dir)),
    handler: 'index.handler',
  });

  const ingestData = new LambdaToDynamoDB(stack, 'IngestData', {
    lambdaFunctionProps: functionProps('ingest'),
    dynamoTableProps: {
      partitionKey: { name: 'orgId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'findingId', type: dynamodb.AttributeType.STRING },
    },
    tablePermissions: 'Write',
    tableEnvironmentVariableName: 'TABLE_NAME',
  });
  const queryData = new LambdaToDynamoDB(stack, 'QueryData', {
    lambdaFunctionProps: functionProps('query'),
    existingTableObj: ingestData.dynamoTable,
    tablePermissions: 'Read',
    tableEnvironmentVariableName: 'TABLE_NAME',
  });

  // The pattern's API proxies everything to one function; explicit routes need proxy off.
  const ingestApi = new ApiGatewayToLambda(stack, 'IngestApi', {
    existingLambdaObj: ingestData.lambdaFunction,
    apiGatewayProps: { proxy: false },
  });
  ingestApi.apiGateway.root.addResource('findings').addMethod('POST');
  const queryApi = new ApiGatewayToLambda(stack, 'QueryApi', {
    existingLambdaObj: queryData.lambdaFunction,
    apiGatewayProps: { proxy: false },
  });
  queryApi.apiGateway.root.addResource('findings').addResource('{orgId}').addMethod('GET');
  return demo;
}
