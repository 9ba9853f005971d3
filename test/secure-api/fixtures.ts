import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { KeyPerUsePolicy } from '../../src/key-per-use-policy';
import { ScopedFunction } from '../../src/scoped-function';
import { ApiAuthorization, TrustedIssuer, SecureApi, SecureApiDomainOptions, SecureApiProps } from '../../src/secure-api';
import { testStack } from '../support/stacks';

export const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: {} });');

export const FINDING_SCHEMA: apigw.JsonSchema = {
  type: apigw.JsonSchemaType.OBJECT,
  required: ['orgId', 'findingId', 'severity'],
  properties: {
    orgId: { type: apigw.JsonSchemaType.STRING, maxLength: 64 },
    findingId: { type: apigw.JsonSchemaType.STRING, maxLength: 128 },
    severity: { type: apigw.JsonSchemaType.STRING, enum: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] },
  },
};

export interface Fixture {
  readonly stack: Stack;
  readonly keys: KeyPerUsePolicy;
  readonly ingest: ScopedFunction;
  readonly query: ScopedFunction;
}

/** A stack with keys and the reference app's two functions. */
export function fixture(): Fixture {
  const stack = testStack();
  const admins = iam.Role.fromRoleName(stack, 'KeyAdmins', 'key-admins');
  const keys = new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [admins] });
  const ingest = new ScopedFunction(stack, 'Ingest', { code: CODE, handler: 'index.handler', keys });
  const query = new ScopedFunction(stack, 'Query', { code: CODE, handler: 'index.handler', keys });
  return { stack, keys, ingest, query };
}

/** The reference app's mutual TLS domain. */
export function mtlsDomain(stack: Stack): SecureApiDomainOptions {
  return {
    domainName: 'findings.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert',
      'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000'),
    truststoreBucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'findings-truststore'),
    truststoreKey: 'truststore.pem',
    truststoreVersion: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY',
  };
}

/** The reference app's API: certificate-OU authorization, mTLS domain, CIDR allow list, both routes. */
export function referenceApi(extra: Partial<SecureApiProps> = {}): Fixture & { api: SecureApi } {
  const f = fixture();
  const api = new SecureApi(f.stack, 'Api', {
    keys: f.keys,
    authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')], cacheTtlSeconds: 300 }),
    domain: mtlsDomain(f.stack),
    allowedSourceCidrs: ['203.0.113.0/24'],
    throttle: { rateLimit: 50, burstLimit: 100 },
    ...extra,
  });
  api.addRoute('POST', '/findings', f.ingest, { requestSchema: FINDING_SCHEMA });
  api.addRoute('GET', '/findings/{orgId}', f.query);
  return { ...f, api };
}

export { synth, synthErrors } from '../support/stacks';
