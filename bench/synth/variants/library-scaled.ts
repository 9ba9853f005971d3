/**
 * The library variant grown to `services` services, each a table, a function granted on it and a
 * route. A stack holds at most 500 resources (about 30 of these services), so the app is laid out
 * the way a team would: a platform stack with the three keys (one per use, published to SSM), service
 * stacks of up to SERVICES_PER_STACK services behind one certificate-OU API each, importing the
 * keys, and an audit stack whose trail records every table's and function's data events.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { DemoApp, DEMO_ENV, HANDLER_DIR } from './demo-app';
import { ApiAuthorization, TrustedIssuer, AuditTrail, EncryptedTable, KeyPerUsePolicy, KeyUse, ScopedFunction, SecureApi } from '../../../src';

export const SERVICES_PER_STACK = 20;
const KEY_PARAMETERS = '/findings/keys';

export function libraryScaledApp(services: number, outdir?: string): DemoApp {
  const app = new App({ outdir });
  const platform = new Stack(app, 'Platform', { env: DEMO_ENV });
  new KeyPerUsePolicy(platform, 'Keys', {
    adminRoles: [iam.Role.fromRoleName(platform, 'KeyAdmins', 'security-key-admins')],
    parameterPrefix: KEY_PARAMETERS,
    uses: [KeyUse.DATA, KeyUse.MESSAGING, KeyUse.AUDIT],
  });
  const audited: IConstruct[] = [];
  for (let first = 0; first < services; first += SERVICES_PER_STACK) {
    const stack = serviceStack(app, first, Math.min(services, first + SERVICES_PER_STACK), audited);
    stack.addDependency(platform);
  }
  const audit = new Stack(app, 'Audit', { env: DEMO_ENV });
  const trail = new AuditTrail(audit, 'Audit', { keys: KeyPerUsePolicy.fromParameters(audit, 'Keys', KEY_PARAMETERS) });
  trail.addDataEvents(...audited);
  return { app, stack: platform };
}

function serviceStack(app: App, first: number, end: number, audited: IConstruct[]): Stack {
  const stack = new Stack(app, `Services${first}To${end - 1}`, { env: DEMO_ENV });
  const keys = KeyPerUsePolicy.fromParameters(stack, 'Keys', KEY_PARAMETERS);
  const indexes = Array.from({ length: end - first }, (_, i) => first + i);
  const api = new SecureApi(stack, 'Api', {
    keys,
    authorization: ApiAuthorization.certificateOu({
      trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')],
      cacheTtlSeconds: 300,
      mappings: [{ ou: 'customers', routes: indexes.map((i) => `GET /service${i}/{orgId}`) }],
    }),
    domain: {
      domainName: `services${first}.findings.example.com`,
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert',
        'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000'),
      truststoreBucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'findings-truststore'),
      truststoreKey: 'truststore.pem',
    },
    allowedSourceCidrs: ['203.0.113.0/24'],
  });
  for (const part of [api.authorizerFunction, api.mappingTable, api.revocationTable, api.mappingWriterFunction]) {
    if (part) {
      audited.push(part);
    }
  }
  for (const i of indexes) {
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
    audited.push(table, fn);
  }
  return stack;
}
