import { Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'ApiGwAuthorizerCacheKey';

function l1Authorizer(stack: Stack, id: string, props: Partial<apigw.CfnAuthorizerProps>): apigw.CfnAuthorizer {
  const api = new apigw.CfnRestApi(stack, `${id}Api`, { name: id });
  return new apigw.CfnAuthorizer(stack, id, {
    restApiId: api.ref,
    name: id,
    type: 'REQUEST',
    authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:auth/invocations',
    ...props,
  });
}

function requestAuthorizer(stack: Stack, identitySources: string[]): void {
  const handler = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
  const authorizer = new apigw.RequestAuthorizer(stack, 'Auth', { handler, identitySources, resultsCacheTtl: Duration.minutes(5) });
  new apigw.RestApi(stack, 'Api', { deploy: false }).root.addMethod('GET', new apigw.MockIntegration(), { authorizer });
}

describe(RULE, () => {
  test('Noncompliance 1: L1 caching REQUEST authorizers keyed on nothing or on stage-wide values', () => {
    const stack = newStack();
    l1Authorizer(stack, 'NoSource', {});
    l1Authorizer(stack, 'StageOnly', { identitySource: 'stageVariables.env, context.stage', authorizerResultTtlInSeconds: 300 });
    expect(findingsOf(stack, RULE)).toEqual([
      `SecureServerless-${RULE} @ Stack/NoSource`,
      `SecureServerless-${RULE} @ Stack/StageOnly`,
    ]);
  });

  test('Noncompliance 2: an L2 RequestAuthorizer keyed on a stage variable', () => {
    const stack = newStack();
    requestAuthorizer(stack, [apigw.IdentitySource.stageVariable('env')]);
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Auth/Resource']);
  });

  test('Noncompliance 3: identity sources from a template parameter could not be validated', () => {
    const stack = newStack();
    l1Authorizer(stack, 'Param', { identitySource: parameter(stack, 'Sources').valueAsString });
    expect(descriptionsOf(stack, RULE)[0]).toMatch(/IdentitySource could not be validated/);
  });

  test('Compliance: caller headers, query strings, client certificates; no caching; TOKEN authorizers', () => {
    const stack = newStack();
    l1Authorizer(stack, 'Header', { identitySource: 'method.request.header.Authorization' });
    l1Authorizer(stack, 'Query', { identitySource: 'stageVariables.env,method.request.querystring.token' });
    l1Authorizer(stack, 'ClientCert', { identitySource: 'context.identity.clientCert.serialNumber' });
    l1Authorizer(stack, 'NoCache', { identitySource: 'stageVariables.env', authorizerResultTtlInSeconds: 0 });
    l1Authorizer(stack, 'Token', { type: 'TOKEN', identitySource: 'method.request.header.Authorization' });
    requestAuthorizer(stack, [apigw.IdentitySource.context('identity.clientCert.subjectDN'), apigw.IdentitySource.stageVariable('env')]);
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
