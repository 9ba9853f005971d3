import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { l1Method } from '../l1-fixtures';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'ApiGwApiKeyNotSoleAuthorization';

describe(RULE, () => {
  test('Noncompliance 1: an L1 method that requires an API key and nothing else', () => {
    const stack = newStack();
    l1Method(stack, 'KeyOnly', { apiKeyRequired: true, authorizationType: 'NONE' });
    l1Method(stack, 'KeyNoType', { apiKeyRequired: true });
    expect(findingsOf(stack, RULE)).toEqual([
      `SecureServerless-${RULE} @ Stack/KeyNoType`,
      `SecureServerless-${RULE} @ Stack/KeyOnly`,
    ]);
  });

  test('Noncompliance 2: an L2 method with apiKeyRequired and no authorizer', () => {
    const stack = newStack();
    const api = new apigw.RestApi(stack, 'Api', { deploy: false });
    api.root.addMethod('GET', new apigw.MockIntegration(), { apiKeyRequired: true });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Api/Default/GET/Resource']);
  });

  test('Noncompliance 3: ApiKeyRequired from a template parameter could not be validated', () => {
    const stack = newStack();
    const required = parameter(stack, 'KeyRequired');
    l1Method(stack, 'Param', { apiKeyRequired: required.valueAsString as any });
    expect(descriptionsOf(stack, RULE)[0]).toMatch(/ApiKeyRequired could not be validated/);
  });

  test('Compliance: an API key beside an authorizer, and methods without API keys', () => {
    const stack = newStack();
    l1Method(stack, 'KeyAndIam', { apiKeyRequired: true, authorizationType: 'AWS_IAM' });
    l1Method(stack, 'NoKey', { authorizationType: 'NONE' });
    const api = new apigw.RestApi(stack, 'Api', { deploy: false });
    api.root.addMethod('GET', new apigw.MockIntegration(), { apiKeyRequired: true, authorizationType: apigw.AuthorizationType.IAM });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
