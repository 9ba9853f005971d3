import { CfnCondition, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { KeyPerUsePolicy } from '../../../src/key-per-use-policy';
import { ScopedFunction } from '../../../src/scoped-function';
import { ApiAuthorization, SecureApi, SecureApiDomainOptions } from '../../../src/secure-api';
import { selfSignedCertificate } from '../../support/ca-certificates';
import { findingsOf, flaggedPaths, newStack, parameter, severityOf } from '../rule-findings';

const RULE = 'ApiGwTruststoreVersionPinned';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';

function l1Domain(stack: Stack, id: string, mutualTlsAuthentication?: apigw.CfnDomainName.MutualTlsAuthenticationProperty): apigw.CfnDomainName {
  return new apigw.CfnDomainName(stack, id, {
    domainName: `${id.toLowerCase()}.example.com`,
    regionalCertificateArn: CERTIFICATE_ARN,
    endpointConfiguration: { types: ['REGIONAL'] },
    securityPolicy: 'TLS_1_2',
    mutualTlsAuthentication,
  });
}

function l2Domain(stack: Stack, id: string, version?: string): apigw.DomainName {
  return new apigw.DomainName(stack, id, {
    domainName: `${id.toLowerCase()}.example.com`,
    certificate: acm.Certificate.fromCertificateArn(stack, `${id}Certificate`, CERTIFICATE_ARN),
    securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    mtls: { bucket: s3.Bucket.fromBucketName(stack, `${id}Truststore`, 'truststore'), key: 'ca.pem', version },
  });
}

/** A SecureApi with one route on a mutual TLS domain whose truststore is given by `truststore`. */
function secureApiOnDomain(stack: Stack, truststore: Partial<SecureApiDomainOptions>): SecureApi {
  const keys = new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleName(stack, 'Admins', 'key-admins')] });
  const api = new SecureApi(stack, 'Api', {
    keys,
    authorization: ApiAuthorization.iam(),
    domain: {
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN),
      ...truststore,
    },
  });
  api.addRoute('GET', '/findings', new ScopedFunction(stack, 'Fn', { code: lambda.Code.fromInline('exports.handler = 1'), handler: 'index.handler', keys }));
  return api;
}

function v2Domain(stack: Stack, id: string, truststoreVersion?: string): apigwv2.CfnDomainName {
  return new apigwv2.CfnDomainName(stack, id, {
    domainName: `${id.toLowerCase()}.example.com`,
    domainNameConfigurations: [{ certificateArn: CERTIFICATE_ARN, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' }],
    mutualTlsAuthentication: { truststoreUri: 's3://truststore/ca.pem', truststoreVersion },
  });
}

describe(RULE, () => {
  test('Noncompliance 1: L1 mutual-TLS domains without a version, or with an empty one', () => {
    const stack = newStack();
    l1Domain(stack, 'Unpinned', { truststoreUri: 's3://truststore/ca.pem' });
    l1Domain(stack, 'Empty', { truststoreUri: 's3://truststore/ca.pem', truststoreVersion: '' });
    expect(findingsOf(stack, RULE)).toEqual([
      `SecureServerless-${RULE} @ Stack/Empty`,
      `SecureServerless-${RULE} @ Stack/Unpinned`,
    ]);
  });

  test('Noncompliance 2: an L2 DomainName with mtls but no version, and a v2 domain name', () => {
    const stack = newStack();
    l2Domain(stack, 'L2');
    v2Domain(stack, 'V2');
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/L2/Resource', 'Stack/V2']);
  });

  test('Noncompliance 3: a version that a condition can remove', () => {
    const stack = newStack();
    const pinned = new CfnCondition(stack, 'Pinned', { expression: Fn.conditionEquals('a', 'b') });
    l1Domain(stack, 'Conditional', {
      truststoreUri: 's3://truststore/ca.pem',
      truststoreVersion: Fn.conditionIf(pinned.logicalId, 'v1', Fn.ref('AWS::NoValue')).toString(),
    });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Conditional']);
  });

  test('is a warning: an unpinned truststore is a change-control gap, not an open door', () => {
    const stack = newStack();
    l1Domain(stack, 'Unpinned', { truststoreUri: 's3://truststore/ca.pem' });
    expect(severityOf(stack, RULE)).toEqual(['warning']);
  });

  test('Compliance: a literal version, a version from a resource attribute or a parameter, and domains without mutual TLS', () => {
    const stack = newStack();
    l1Domain(stack, 'Literal', { truststoreUri: 's3://truststore/ca.pem', truststoreVersion: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' });
    const writer = new CfnResource(stack, 'Writer', { type: 'Custom::Truststore', properties: { ServiceToken: 'arn' } });
    l1Domain(stack, 'FromAttribute', { truststoreUri: 's3://truststore/ca.pem', truststoreVersion: writer.getAtt('VersionId').toString() });
    l1Domain(stack, 'FromParameter', { truststoreUri: 's3://truststore/ca.pem', truststoreVersion: parameter(stack, 'Version').valueAsString });
    l1Domain(stack, 'NoMtls');
    l2Domain(stack, 'L2', 'v7');
    v2Domain(stack, 'V2', 'v7');
    new apigw.DomainName(stack, 'L2NoMtls', {
      domainName: 'plain.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'PlainCertificate', CERTIFICATE_ARN),
    });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });

  test('Compliance: SecureApi with a construct-managed truststore (pinned to the version its deployment wrote)', () => {
    const stack = newStack();
    secureApiOnDomain(stack, { truststorePem: selfSignedCertificate({ subject: '/CN=Example Root CA' }) });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });

  test('Noncompliance 5: an escape hatch that drops the managed truststore\'s pinned version from the domain', () => {
    const stack = newStack();
    const api = secureApiOnDomain(stack, { truststorePem: selfSignedCertificate({ subject: '/CN=Example Root CA' }) });
    (api.domain!.node.defaultChild as apigw.CfnDomainName).addPropertyDeletionOverride('MutualTlsAuthentication.TruststoreVersion');
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Api/Domain/Resource']);
  });

  test('Noncompliance 4: SecureApi with an imported truststore and no version', () => {
    const stack = newStack();
    secureApiOnDomain(stack, { truststoreBucket: s3.Bucket.fromBucketName(stack, 'Imported', 'truststore'), truststoreKey: 'ca.pem' });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Api/Domain/Resource']);
  });
});
