import { Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'ApiGwAuthorizerCaching';

function l1Authorizer(stack: Stack, id: string, props: Partial<apigw.CfnAuthorizerProps>): apigw.CfnAuthorizer {
  const api = new apigw.CfnRestApi(stack, `${id}Api`, { name: id });
  return new apigw.CfnAuthorizer(stack, id, {
    restApiId: api.ref,
    name: id,
    type: 'TOKEN',
    identitySource: 'method.request.header.Authorization',
    authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:auth/invocations',
    ...props,
  });
}

function handler(stack: Stack): lambda.Function {
  return new lambda.Function(stack, 'Authorizer', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
}

function l2Api(stack: Stack, authorizer: apigw.IAuthorizer): void {
  new apigw.RestApi(stack, 'Api', { deploy: false }).root.addMethod('GET', new apigw.MockIntegration(), { authorizer });
}

describe(RULE, () => {
  test('Noncompliance 1: L1 TOKEN and REQUEST authorizers with a TTL of 0', () => {
    const stack = newStack();
    l1Authorizer(stack, 'Token', { authorizerResultTtlInSeconds: 0 });
    l1Authorizer(stack, 'Request', { type: 'REQUEST', authorizerResultTtlInSeconds: 0 });
    expect(findingsOf(stack, RULE)).toEqual([
      `SecureServerless-${RULE} @ Stack/Request`,
      `SecureServerless-${RULE} @ Stack/Token`,
    ]);
  });

  test('Noncompliance 2: an L2 TokenAuthorizer with resultsCacheTtl 0', () => {
    const stack = newStack();
    l2Api(stack, new apigw.TokenAuthorizer(stack, 'Auth', { handler: handler(stack), resultsCacheTtl: Duration.seconds(0) }));
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Auth/Resource']);
  });

  test('Noncompliance 3: a TTL from a template parameter could not be validated', () => {
    const stack = newStack();
    l1Authorizer(stack, 'Param', { authorizerResultTtlInSeconds: parameter(stack, 'Ttl', 'Number').valueAsNumber });
    expect(descriptionsOf(stack, RULE)[0]).toMatch(/AuthorizerResultTtlInSeconds could not be validated/);
  });

  test('Compliance: the default TTL, an explicit TTL, L2 defaults, and Cognito authorizers', () => {
    const stack = newStack();
    l1Authorizer(stack, 'DefaultTtl', {});
    l1Authorizer(stack, 'FiveMinutes', { authorizerResultTtlInSeconds: 300 });
    l1Authorizer(stack, 'Cognito', { type: 'COGNITO_USER_POOLS', authorizerResultTtlInSeconds: 0, providerArns: ['arn:aws:cognito-idp:us-east-1:111111111111:userpool/x'] });
    l2Api(stack, new apigw.TokenAuthorizer(stack, 'Auth', { handler: handler(stack) }));
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
