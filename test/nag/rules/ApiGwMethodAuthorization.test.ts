import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { l1Method } from '../l1-fixtures';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'ApiGwMethodAuthorization';

function l2Api(stack: Stack, props: apigw.RestApiProps = {}): apigw.RestApi {
  return new apigw.RestApi(stack, 'Api', { deploy: false, ...props });
}

describe(RULE, () => {
  test('Noncompliance 1: L1 methods with AuthorizationType NONE or none at all', () => {
    const stack = newStack();
    l1Method(stack, 'None', { authorizationType: 'NONE' });
    l1Method(stack, 'Missing', {});
    expect(findingsOf(stack, RULE)).toEqual([
      `SecureServerless-${RULE} @ Stack/Missing`,
      `SecureServerless-${RULE} @ Stack/None`,
    ]);
  });

  test('Noncompliance 2: an L1 OPTIONS method that reaches a backend is not a preflight', () => {
    const stack = newStack();
    l1Method(stack, 'Options', { httpMethod: 'OPTIONS', authorizationType: 'NONE' });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Options']);
  });

  test('Noncompliance 3: an L2 method added with the defaults', () => {
    const stack = newStack();
    l2Api(stack).root.addMethod('GET', new apigw.MockIntegration());
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Api/Default/GET/Resource']);
  });

  test('Noncompliance 4: an authorization type from a template parameter could not be validated', () => {
    const stack = newStack();
    l1Method(stack, 'Param', { authorizationType: parameter(stack, 'AuthType').valueAsString });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Param']);
    expect(descriptionsOf(stack, RULE)[0]).toMatch(/AuthorizationType could not be validated/);
  });

  test('Compliance: authorizers, L2 CORS preflights, and API-key methods left to their own rule', () => {
    const stack = newStack();
    l1Method(stack, 'Iam', { authorizationType: 'AWS_IAM' });
    l1Method(stack, 'Custom', { authorizationType: 'CUSTOM', authorizerId: 'abc123' });
    l1Method(stack, 'Preflight', { httpMethod: 'OPTIONS', authorizationType: 'NONE', integration: { type: 'MOCK' } });
    l1Method(stack, 'ApiKeyOnly', { authorizationType: 'NONE', apiKeyRequired: true });
    const api = l2Api(stack, {
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
      defaultCorsPreflightOptions: { allowOrigins: ['https://example.com'] },
    });
    api.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
