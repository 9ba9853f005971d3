/**
 * The library variant grown to `services` services: each a table, a function granted on it and a
 * route, behind one certificate-OU API, one trail and the same three keys.
 */
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DemoApp, demoStack, HANDLER_DIR } from './demo-app';
import { ApiAuthorization, AuditTrail, EncryptedTable, KeyPerUsePolicy, ScopedFunction, SecureApi } from '../../../src';

export function libraryScaledApp(services: number, outdir?: string): DemoApp {
  const demo = demoStack(outdir);
  const { stack } = demo;
  const keys = new KeyPerUsePolicy(stack, 'Keys', {
    adminRoles: [iam.Role.fromRoleName(stack, 'KeyAdmins', 'security-key-admins')],
  });
  const routes = Array.from({ length: services }, (_, i) => `GET /service${i}/{orgId}`);
  const api = new SecureApi(stack, 'Api', {
    keys,
    authorization: ApiAuthorization.certificateOu({ cacheTtlSeconds: 300, mappings: [{ ou: 'customers', routes }] }),
    domain: {
      domainName: 'findings.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert',
        'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000'),
      truststoreBucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'findings-truststore'),
      truststoreKey: 'truststore.pem',
    },
    allowedSourceCidrs: ['203.0.113.0/24'],
  });
  const trail = new AuditTrail(stack, 'Audit', { keys });
  for (let i = 0; i < services; i++) {
    const table = new EncryptedTable(stack, `Table${i}`, {
      partitionKey: { name: 'orgId', type: dynamodb.AttributeType.STRING },
      keys,
    });
    const fn = new ScopedFunction(stack, `Function${i}`, {
      code: lambda.Code.fromAsset(HANDLER_DIR('query')),
      handler: 'index.handler',
      keys,
      environment: { TABLE_NAME: table.tableName },
    });
    table.grantActions(fn, 'dynamodb:GetItem', 'dynamodb:Query');
    api.addRoute('GET', `/service${i}/{orgId}`, fn);
    trail.addDataEvents(table, fn);
  }
  return demo;
}
