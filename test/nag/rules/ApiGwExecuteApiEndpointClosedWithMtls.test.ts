import { App, Fn, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'ApiGwExecuteApiEndpointClosedWithMtls';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';

function l1Domain(stack: Stack, id: string, mtls: boolean): apigw.CfnDomainName {
  return new apigw.CfnDomainName(stack, id, {
    domainName: `${id.toLowerCase()}.example.com`,
    regionalCertificateArn: CERTIFICATE_ARN,
    endpointConfiguration: { types: ['REGIONAL'] },
    securityPolicy: 'TLS_1_2',
    mutualTlsAuthentication: mtls ? { truststoreUri: 's3://truststore/ca.pem' } : undefined,
  });
}

function l1Api(stack: Stack, id: string, disableExecuteApiEndpoint?: any): apigw.CfnRestApi {
  return new apigw.CfnRestApi(stack, id, { name: id, disableExecuteApiEndpoint });
}

function map(stack: Stack, id: string, domainName: string, api: apigw.CfnRestApi): void {
  new apigw.CfnBasePathMapping(stack, id, { domainName, restApiId: api.ref });
}

function l2MtlsApi(stack: Stack, props: Partial<apigw.RestApiProps> = {}): apigw.RestApi {
  const api = new apigw.RestApi(stack, 'Api', {
    domainName: {
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN),
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      mtls: { bucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'truststore'), key: 'ca.pem' },
    },
    ...props,
  });
  api.root.addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.IAM });
  return api;
}

describe(RULE, () => {
  test('Noncompliance 1: an L1 REST API mapped to an mTLS domain, by reference and by name', () => {
    const stack = newStack();
    const byRef = l1Api(stack, 'ByRef');
    const byName = l1Api(stack, 'ByName', false);
    const domain = l1Domain(stack, 'Mtls', true);
    map(stack, 'RefMapping', domain.ref, byRef);
    map(stack, 'NameMapping', 'mtls.example.com', byName);
    expect(findingsOf(stack, RULE)).toEqual([
      `SecureServerless-${RULE} @ Stack/ByName`,
      `SecureServerless-${RULE} @ Stack/ByRef`,
    ]);
  });

  test('Noncompliance 2: an L2 RestApi with an mTLS domain and the default endpoint left on', () => {
    const stack = newStack();
    l2MtlsApi(stack);
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Api/Resource']);
  });

  test('Noncompliance 3: an mTLS domain mapped through an API Gateway v2 API mapping', () => {
    const stack = newStack();
    const api = new apigw.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigw.MockIntegration());
    const domain = new apigw.DomainName(stack, 'Domain', {
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN),
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      mtls: { bucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'truststore'), key: 'ca.pem' },
    });
    domain.addApiMapping(api.deploymentStage, { basePath: 'v1/items' });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Api/Resource']);
  });

  test('Noncompliance 3b: a REST API mapped to an mTLS API Gateway v2 domain name', () => {
    // "You can use API Gateway Version 2 APIs to create and manage Regional custom domain names for REST APIs and HTTP APIs."
    const stack = newStack();
    const api = l1Api(stack, 'Api');
    const domain = new apigwv2.CfnDomainName(stack, 'Domain', {
      domainName: 'api.example.com',
      domainNameConfigurations: [{ certificateArn: CERTIFICATE_ARN, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' }],
      mutualTlsAuthentication: { truststoreUri: 's3://truststore/ca.pem' },
    });
    new apigwv2.CfnApiMapping(stack, 'Mapping', { domainName: domain.ref, apiId: api.ref, stage: 'prod' });
    new apigwv2.CfnApiMapping(stack, 'ByName', { domainName: 'api.example.com', apiId: l1Api(stack, 'ByNameApi').ref, stage: 'prod' });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Api', 'Stack/ByNameApi']);
  });

  test('Noncompliance 4: the API and the mTLS domain in different stacks, before and after synthesis', () => {
    const app = new App();
    const apiStack = newStack('ApiStack', app);
    const domainStack = newStack('DomainStack', app);
    const api = l1Api(apiStack, 'Api');
    map(domainStack, 'Mapping', l1Domain(domainStack, 'Mtls', true).ref, api);
    expect(flaggedPaths(app, RULE)).toEqual(['ApiStack/Api']);
    app.synth();
    expect(flaggedPaths(app, RULE)).toEqual(['ApiStack/Api']);
  });

  test('Noncompliance 5: DisableExecuteApiEndpoint from a template parameter could not be validated', () => {
    const stack = newStack();
    const api = l1Api(stack, 'Api', Fn.conditionEquals(parameter(stack, 'Disable').valueAsString, 'yes'));
    map(stack, 'Mapping', l1Domain(stack, 'Mtls', true).ref, api);
    expect(descriptionsOf(stack, RULE)[0]).toMatch(/DisableExecuteApiEndpoint could not be validated/);
  });

  test('Compliance: endpoint disabled, domains without mTLS, APIs not mapped to the mTLS domain', () => {
    const stack = newStack();
    map(stack, 'ClosedMapping', l1Domain(stack, 'Mtls', true).ref, l1Api(stack, 'Closed', true));
    map(stack, 'PlainMapping', l1Domain(stack, 'Plain', false).ref, l1Api(stack, 'PlainApi'));
    l1Api(stack, 'Unmapped');
    expect(findingsOf(stack, RULE)).toEqual([]);

    const l2Stack = newStack('L2');
    l2MtlsApi(l2Stack, { disableExecuteApiEndpoint: true });
    expect(findingsOf(l2Stack, RULE)).toEqual([]);
  });
});
