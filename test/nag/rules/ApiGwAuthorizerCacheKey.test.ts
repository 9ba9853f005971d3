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

  // "Variables for data transformations for API Gateway": sourceIp is the immediate TCP peer's
  // address (one for every client behind a NAT), userAgent the caller's User-Agent header, issuerDN
  // the same for every certificate one CA signs; RFC 5280 makes a serial unique only per issuer.
  test.each([
    ['SourceIp', 'context.identity.sourceIp'],
    ['UserAgent', 'context.identity.userAgent'],
    ['IssuerOnly', 'context.identity.clientCert.issuerDN'],
    ['SerialOnly', 'context.identity.clientCert.serialNumber'],
    ['SubjectAndStage', 'context.identity.clientCert.subjectDN, stageVariables.env'],
    ['IamCaller', 'context.identity.caller'],
    ['HttpApiSyntax', '$request.header.Authorization'],
  ])('Noncompliance 4: a cache keyed on a context value many callers share (%s)', (id, identitySource) => {
    const stack = newStack();
    l1Authorizer(stack, id, { identitySource });
    expect(findingsOf(stack, RULE)).toEqual([`SecureServerless-${RULE} @ Stack/${id}`]);
  });

  test('Compliance: caller headers, query strings, a certificate serial with its issuer; no caching; TOKEN authorizers', () => {
    const stack = newStack();
    l1Authorizer(stack, 'Header', { identitySource: 'method.request.header.Authorization' });
    l1Authorizer(stack, 'Query', { identitySource: 'stageVariables.env,method.request.querystring.token' });
    l1Authorizer(stack, 'ClientCert', { identitySource: 'context.identity.clientCert.serialNumber, context.identity.clientCert.issuerDN' });
    l1Authorizer(stack, 'IpAndHeader', { identitySource: 'context.identity.sourceIp,method.request.header.Authorization' });
    l1Authorizer(stack, 'NoCache', { identitySource: 'stageVariables.env', authorizerResultTtlInSeconds: 0 });
    l1Authorizer(stack, 'Token', { type: 'TOKEN', identitySource: 'method.request.header.Authorization' });
    requestAuthorizer(stack, [apigw.IdentitySource.context('identity.clientCert.issuerDN'), apigw.IdentitySource.context('identity.clientCert.serialNumber')]);
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
