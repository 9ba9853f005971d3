import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'ApiGwDomainTls12';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';

function l1Domain(stack: Stack, id: string, securityPolicy?: string): apigw.CfnDomainName {
  return new apigw.CfnDomainName(stack, id, {
    domainName: `${id.toLowerCase()}.example.com`,
    regionalCertificateArn: CERTIFICATE_ARN,
    endpointConfiguration: { types: ['REGIONAL'] },
    securityPolicy,
  });
}

function l2Domain(stack: Stack, id: string, securityPolicy?: apigw.SecurityPolicy): apigw.DomainName {
  return new apigw.DomainName(stack, id, {
    domainName: `${id.toLowerCase()}.example.com`,
    certificate: acm.Certificate.fromCertificateArn(stack, `${id}Certificate`, CERTIFICATE_ARN),
    securityPolicy,
  });
}

describe(RULE, () => {
  test('Noncompliance 1: L1 domains with TLS_1_0 or no security policy', () => {
    const stack = newStack();
    l1Domain(stack, 'Tls10', 'TLS_1_0');
    l1Domain(stack, 'Unset');
    expect(findingsOf(stack, RULE)).toEqual([
      `SecureServerless-${RULE} @ Stack/Tls10`,
      `SecureServerless-${RULE} @ Stack/Unset`,
    ]);
  });

  test('Noncompliance 2: L2 domains with the default policy or TLS_1_0', () => {
    const stack = newStack();
    l2Domain(stack, 'Default');
    l2Domain(stack, 'Legacy', apigw.SecurityPolicy.TLS_1_0);
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Default/Resource', 'Stack/Legacy/Resource']);
  });

  test('Noncompliance 3: a policy from a template parameter could not be validated', () => {
    const stack = newStack();
    l1Domain(stack, 'Param', parameter(stack, 'Policy').valueAsString);
    expect(descriptionsOf(stack, RULE)[0]).toMatch(/SecurityPolicy could not be validated/);
  });

  test('Compliance: TLS_1_2 and the enhanced TLS 1.2/1.3 policies', () => {
    const stack = newStack();
    l1Domain(stack, 'Tls12', 'TLS_1_2');
    l1Domain(stack, 'Tls13', 'SecurityPolicy_TLS13_1_3_2025_09');
    l1Domain(stack, 'Tls12Edge', 'SecurityPolicy_TLS12_PFS_2025_EDGE');
    l2Domain(stack, 'L2', apigw.SecurityPolicy.TLS_1_2);
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
