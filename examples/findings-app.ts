/**
 * The seed's vulnerability-data service, built only from the library's public API: scanners
 * POST findings, customers GET their organization's findings, mTLS with certificate-OU
 * authorization on a custom domain, a source-IP allow list and WAF, a key per use, and
 * CloudTrail data events. Every cdk-nag pack and the library's own pack are registered.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, App, IPolicyValidationPlugin, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagPack } from 'cdk-nag';
import {
  ApiAuthorization, TrustedIssuer,
  AuditTrail,
  ComplianceGate,
  EncryptedTable,
  KeyPerUsePolicy,
  ScopedFunction,
  SecureApi,
} from '../src';

/** Where the bundled example handlers are (`npx projen examples:bundle`). */
export const HANDLERS_DIR = join(__dirname, 'dist');

export interface FindingsApp {
  readonly app: App;
  readonly stack: Stack;
  readonly packs: NagPack[];
  /** The findings API. */
  readonly api: SecureApi;
}

export interface FindingsAppOptions {
  /** Where to synthesize. */
  readonly outdir?: string;
  /** Wraps each pack before it is registered as a policy-validation plugin (e.g. to record its report). */
  readonly wrapPack?: (pack: NagPack) => IPolicyValidationPlugin;
  /** Register the packs as policy-validation plugins (tests run them with validateScope instead). */
  readonly registerPacks?: boolean;
}

export function findingsApp(options: FindingsAppOptions = {}): FindingsApp {
  const app = new App({ outdir: options.outdir });
  const stack = new Stack(app, 'Findings', { env: { account: '111111111111', region: 'us-east-1' } });

  // One key per use, guarded against deletion by anyone but the key admins, named by full ARN
  // (path included: the key policy matches it exactly).
  const admins = iam.Role.fromRoleArn(stack, 'KeyAdmins', `arn:aws:iam::${stack.account}:role/security/security-key-admins`);
  const keys = new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [admins] });
  Annotations.of(keys).acknowledgeWarning('cdk-secure-serverless:KeyPerUsePolicy.sharedBootstrapDeployer',
    'demo app deployed with the default CDK bootstrap; a production stack gets a dedicated CloudFormation execution role ' +
    '(DefaultStackSynthesizer cloudFormationExecutionRole) so only its deployers can rewrite the key policies');

  const findings = new EncryptedTable(stack, 'Findings', {
    partitionKey: { name: 'orgId', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'findingId', type: dynamodb.AttributeType.STRING },
    keys,
  });

  const ingest = new ScopedFunction(stack, 'Ingest', {
    code: lambda.Code.fromAsset(join(HANDLERS_DIR, 'ingest')),
    handler: 'index.handler',
    keys,
    environment: { TABLE_NAME: findings.tableName },
  });
  findings.grantActions(ingest, 'dynamodb:PutItem');

  const query = new ScopedFunction(stack, 'Query', {
    code: lambda.Code.fromAsset(join(HANDLERS_DIR, 'query')),
    handler: 'index.handler',
    keys,
    environment: { TABLE_NAME: findings.tableName },
  });
  findings.grantActions(query, 'dynamodb:GetItem', 'dynamodb:Query');

  // mTLS on a custom domain; the client certificate's OU decides which routes a caller may use.
  // The CA bundle is managed by the construct: a changed truststore.pem rolls out as a deployment,
  // and the domain stays pinned to the truststore version that deployment wrote.
  const api = new SecureApi(stack, 'Api', {
    keys,
    authorization: ApiAuthorization.certificateOu({
      // The CA that issues the client certificates. With its certificate at hand, pin it by its key
      // instead (a look-alike CA in the truststore can copy a DN, not a key):
      // TrustedIssuer.fromCertificatePem(fs.readFileSync('client-ca.pem', 'utf8'))
      trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')],
      cacheTtlSeconds: 300,
      mappings: [
        { ou: 'scanners', routes: ['POST /findings'] },
        { ou: 'customers-acme', routes: ['GET /findings/{orgId}'], orgId: 'acme' },
      ],
    }),
    domain: {
      domainName: 'findings.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert',
        'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000'),
      truststorePem: readFileSync(join(__dirname, 'truststore.pem'), 'utf8'),
    },
    allowedSourceCidrs: ['203.0.113.0/24'],
    throttle: { rateLimit: 50, burstLimit: 100 },
  });
  api.addRoute('POST', '/findings', ingest, {
    requestSchema: {
      type: apigw.JsonSchemaType.OBJECT,
      required: ['orgId', 'findingId', 'severity'],
      additionalProperties: false,
      properties: {
        orgId: { type: apigw.JsonSchemaType.STRING, maxLength: 64 },
        findingId: { type: apigw.JsonSchemaType.STRING, maxLength: 128 },
        severity: { type: apigw.JsonSchemaType.STRING, enum: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] },
        title: { type: apigw.JsonSchemaType.STRING, maxLength: 512 },
      },
    },
  });
  api.addRoute('GET', '/findings/{orgId}', query);

  // CloudTrail data events for what holds or touches the data.
  const trail = new AuditTrail(stack, 'Audit', { keys });
  trail.addDataEvents(findings);
  api.addDataEventsTo(trail); // the routes' functions, the authorizer and writers, and the OU mapping and revocation tables

  const packs = ComplianceGate.nagPacks();
  if (options.registerPacks ?? true) {
    Validations.of(app).addPlugins(...packs.map((pack) => options.wrapPack?.(pack) ?? pack));
  }
  return { app, stack, packs, api };
}
