import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'ApiGwV2ExecuteApiEndpointClosedWithMtls';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';

function l1Domain(stack: Stack, id: string, mtls: boolean): apigwv2.CfnDomainName {
  return new apigwv2.CfnDomainName(stack, id, {
    domainName: `${id.toLowerCase()}.example.com`,
    domainNameConfigurations: [{ certificateArn: CERTIFICATE_ARN, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' }],
    mutualTlsAuthentication: mtls ? { truststoreUri: 's3://truststore/ca.pem' } : undefined,
  });
}

function l1Api(stack: Stack, id: string, props: Partial<apigwv2.CfnApiProps> = {}): apigwv2.CfnApi {
  return new apigwv2.CfnApi(stack, id, { name: id, protocolType: 'HTTP', ...props });
}

function map(stack: Stack, id: string, domainName: string, api: apigwv2.CfnApi): void {
  new apigwv2.CfnApiMapping(stack, id, { domainName, apiId: api.ref, stage: '$default' });
}

function l2MtlsDomain(stack: Stack): apigwv2.DomainName {
  return new apigwv2.DomainName(stack, 'Domain', {
    domainName: 'api.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN),
    mtls: { bucket: s3.Bucket.fromBucketName(stack, 'Truststore', 'truststore'), key: 'ca.pem' },
  });
}

describe(RULE, () => {
  test('Noncompliance 1: L1 HTTP and WebSocket APIs mapped to an mTLS domain, by reference and by name', () => {
    const stack = newStack();
    const domain = l1Domain(stack, 'Mtls', true);
    map(stack, 'RefMapping', domain.ref, l1Api(stack, 'ByRef'));
    map(stack, 'NameMapping', 'mtls.example.com', l1Api(stack, 'ByName', { disableExecuteApiEndpoint: false }));
    map(stack, 'WsMapping', domain.ref, l1Api(stack, 'Ws', { protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' }));
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/ByName', 'Stack/ByRef', 'Stack/Ws']);
  });

  test('Noncompliance 2: an L2 HttpApi whose default domain mapping requires mTLS, in another stack', () => {
    const app = new App();
    const domain = l2MtlsDomain(newStack('Domain', app));
    new apigwv2.HttpApi(newStack('Api', app), 'Api', { defaultDomainMapping: { domainName: domain } });
    expect(flaggedPaths(app, RULE)).toEqual(['Api/Api/Resource']);
  });

  // The shape of a public HTTP API template with mTLS (seen in the corpus run): the domain and the
  // mapping both name the domain by the same template parameter, so they are the same domain.
  test('Noncompliance 3: an API mapped to an mTLS domain that the mapping names by the domain\'s own parameter', () => {
    const stack = newStack();
    const name = parameter(stack, 'CustomDomainName').valueAsString;
    new apigwv2.CfnDomainName(stack, 'Domain', {
      domainName: name,
      domainNameConfigurations: [{ certificateArn: CERTIFICATE_ARN, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' }],
      mutualTlsAuthentication: { truststoreUri: 's3://truststore/ca.pem' },
    });
    map(stack, 'Mapping', name, l1Api(stack, 'Open'));
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Open']);
  });

  test('Compliance: default endpoint disabled, domains without mTLS, unmapped APIs, REST APIs left to their own rule', () => {
    const stack = newStack();
    map(stack, 'ClosedMapping', l1Domain(stack, 'Mtls', true).ref, l1Api(stack, 'Closed', { disableExecuteApiEndpoint: true }));
    map(stack, 'PlainMapping', l1Domain(stack, 'Plain', false).ref, l1Api(stack, 'PlainApi'));
    l1Api(stack, 'Unmapped');
    expect(findingsOf(stack, RULE)).toEqual([]);

    const l2 = newStack('L2');
    new apigwv2.HttpApi(l2, 'Api', { defaultDomainMapping: { domainName: l2MtlsDomain(l2) }, disableExecuteApiEndpoint: true });
    expect(findingsOf(l2, RULE)).toEqual([]);
  });
});
