import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'ApiGwV2DomainTls12';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';

function l1Domain(stack: Stack, id: string, securityPolicy?: string): apigwv2.CfnDomainName {
  return new apigwv2.CfnDomainName(stack, id, {
    domainName: `${id.toLowerCase()}.example.com`,
    domainNameConfigurations: [{ certificateArn: CERTIFICATE_ARN, endpointType: 'REGIONAL', securityPolicy }],
  });
}

function l2Domain(stack: Stack, id: string, securityPolicy?: apigwv2.SecurityPolicy): apigwv2.DomainName {
  return new apigwv2.DomainName(stack, id, {
    domainName: `${id.toLowerCase()}.example.com`,
    certificate: acm.Certificate.fromCertificateArn(stack, `${id}Certificate`, CERTIFICATE_ARN),
    securityPolicy,
  });
}

describe(RULE, () => {
  test('Noncompliance 1: L1 domains with TLS_1_0, or with no policy and nothing or a REST API mapped', () => {
    const stack = newStack();
    l1Domain(stack, 'Tls10', 'TLS_1_0');
    l1Domain(stack, 'Unmapped');
    const rest = l1Domain(stack, 'ServesRest');
    const restApi = new apigw.CfnRestApi(stack, 'RestApi', { name: 'rest' });
    new apigwv2.CfnApiMapping(stack, 'RestMapping', { domainName: rest.ref, apiId: restApi.ref, stage: 'prod' });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/ServesRest', 'Stack/Tls10', 'Stack/Unmapped']);
  });

  test('Noncompliance 2: an L2 domain with TLS 1.0, and one with the default policy mapped to a WebSocket API', () => {
    const stack = newStack();
    l2Domain(stack, 'Legacy', apigwv2.SecurityPolicy.TLS_1_0);
    const ws = new apigwv2.WebSocketApi(stack, 'Ws');
    const stage = new apigwv2.WebSocketStage(stack, 'Stage', { webSocketApi: ws, stageName: 'prod' });
    new apigwv2.ApiMapping(stack, 'Mapping', { api: ws, domainName: l2Domain(stack, 'WsDomain'), stage });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Legacy/Resource', 'Stack/WsDomain/Resource']);
  });

  test('Noncompliance 3: a security policy from a template parameter could not be validated', () => {
    const stack = newStack();
    l1Domain(stack, 'Param', parameter(stack, 'Policy').valueAsString);
    expect(descriptionsOf(stack, RULE)).toEqual([expect.stringMatching(/DomainNameConfigurations\[0\]\.SecurityPolicy could not be validated/)]);
  });

  test('Compliance: TLS_1_2 set, and the default policy on a domain that serves only HTTP APIs', () => {
    const stack = newStack();
    l1Domain(stack, 'Tls12', 'TLS_1_2');
    l2Domain(stack, 'L2Tls12', apigwv2.SecurityPolicy.TLS_1_2);
    new apigwv2.HttpApi(stack, 'Http', { defaultDomainMapping: { domainName: l2Domain(stack, 'HttpOnly') } });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });

  // Found by the corpus run (a public HTTP API template with mTLS): the domain and its mapping both
  // name the domain by the same template parameter, as AWS's own examples do. The mapping's
  // DomainName is "The domain name" (AWS::ApiGatewayV2::ApiMapping), so the same parameter is the
  // same domain, and the domain serves only an HTTP API, where TLS 1.2 is the only version.
  test('Compliance: the default policy on a domain whose mapping names it by the same parameter, serving an HTTP API', () => {
    const stack = newStack();
    const name = parameter(stack, 'CustomDomainName').valueAsString;
    new apigwv2.CfnDomainName(stack, 'Domain', { domainName: name, domainNameConfigurations: [{ certificateArn: CERTIFICATE_ARN, endpointType: 'REGIONAL' }] });
    const api = new apigwv2.CfnApi(stack, 'HttpApi', { name: 'http', protocolType: 'HTTP' });
    new apigwv2.CfnApiMapping(stack, 'Mapping', { domainName: name, apiId: api.ref, stage: '$default' });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});

