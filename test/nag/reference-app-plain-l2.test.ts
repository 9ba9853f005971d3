import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SecureServerlessChecks } from '../../src/nag';
import { nagFindings } from '../support/nag';

/** The findings service as a typical developer writes it with aws-cdk-lib L2 defaults. */
function plainFindingsApp(): App {
  const app = new App();
  const stack = new Stack(app, 'Plain', { env: { account: '111111111111', region: 'us-east-1' } });
  const table = new dynamodb.Table(stack, 'Findings', {
    partitionKey: { name: 'orgId', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'findingId', type: dynamodb.AttributeType.STRING },
  });
  const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
  const ingest = new lambda.Function(stack, 'Ingest', { code, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
  const query = new lambda.Function(stack, 'Query', { code, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
  table.grantWriteData(ingest);
  table.grantReadData(query);

  const api = new apigw.RestApi(stack, 'Api', {
    domainName: {
      domainName: 'findings.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert',
        'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000'),
      mtls: { bucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'findings-truststore'), key: 'truststore.pem' },
    },
  });
  api.root.addResource('findings').addMethod('POST', new apigw.LambdaIntegration(ingest), { apiKeyRequired: true });
  api.root.resourceForPath('/findings/{orgId}').addMethod('GET', new apigw.LambdaIntegration(query));
  return app;
}

test('the findings service on plain L2 defaults fails the pack with exactly these findings (the library-built one has none: test/examples)', () => {
  const findings = nagFindings(plainFindingsApp(), [new SecureServerlessChecks()])
    .map((finding) => `${finding.severity} ${finding.rule} @ ${finding.path}`)
    .sort();
  expect(findings).toEqual([
    'error SecureServerless-ApiGwApiKeyNotSoleAuthorization @ Plain/Api/Default/findings/POST/Resource',
    'error SecureServerless-ApiGwDomainTls12 @ Plain/Api/CustomDomain/Resource',
    'error SecureServerless-ApiGwExecuteApiEndpointClosedWithMtls @ Plain/Api/Resource',
    'error SecureServerless-ApiGwMethodAuthorization @ Plain/Api/Default/findings/{orgId}/GET/Resource',
    'error SecureServerless-DynamoDbTableCmkEncryption @ Plain/Findings/Resource',
    'warning SecureServerless-ApiGwTruststoreVersionPinned @ Plain/Api/CustomDomain/Resource',
    'warning SecureServerless-DynamoDbTableDataEvents @ Plain/Findings/Resource',
    'warning SecureServerless-LambdaFunctionDataEvents @ Plain/Ingest/Resource',
    'warning SecureServerless-LambdaFunctionDataEvents @ Plain/Query/Resource',
  ]);
});
