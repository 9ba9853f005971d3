import { Aspects, CfnParameter, IAspect, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct, IConstruct } from 'constructs';
import { referenceApi } from './fixtures';
import { modeApi, MODES } from './modes';
import { SecureApi } from '../../src/secure-api';
import { synth, synthErrors } from '../support/stacks';

/*
 * Invariant 4: no method of a SecureApi's RestApi is unauthorized, however it was added. Each
 * door below is a way a user reaches past addRoute; every one must end authorized or refused.
 * The expected authorization types are AWS::ApiGateway::Method's documented values.
 */
const AUTHORIZATION_TYPE: Record<string, string> = {
  cognitoClientCredentials: 'COGNITO_USER_POOLS',
  iam: 'AWS_IAM',
  lambda: 'CUSTOM',
};
const MODE_NAMES = Object.keys(MODES);
const FIX = /Fix: add the route with SecureApi\.addRoute.*addUnauthenticatedRoute\(method, path, handler, \{ reason \}\)/;

/** An L1 method with a mock integration on the API's root resource, added past SecureApi. */
function rootMethod(
  scope: Construct, id: string, api: SecureApi, method: { httpMethod: string; authorizationType?: string; authorizerId?: string },
): apigw.CfnMethod {
  return new apigw.CfnMethod(scope, id, {
    restApiId: api.restApi.restApiId,
    resourceId: api.restApi.root.resourceId,
    integration: { type: 'MOCK' },
    ...method,
  });
}

function methodWithPath(stack: Stack, pathPart: string): Record<string, any> {
  const template = Template.fromStack(stack).toJSON();
  const resourceId = Object.entries(template.Resources as Record<string, any>)
    .find(([, resource]) => resource.Type === 'AWS::ApiGateway::Resource' && resource.Properties.PathPart === pathPart)![0];
  return Object.values(template.Resources as Record<string, any>)
    .find((resource) => resource.Type === 'AWS::ApiGateway::Method' && resource.Properties.ResourceId?.Ref === resourceId).Properties;
}

describe.each(MODE_NAMES)('SecureApi escape hatches (%s)', (mode) => {
  test('restApi.root.addProxy() gets the API\'s authorization by default', () => {
    const { stack, api, query } = modeApi(mode);
    api.restApi.root.addProxy({ defaultIntegration: new apigw.LambdaIntegration(query.function) });
    synth(stack);
    const proxy = methodWithPath(stack, '{proxy+}');
    expect(proxy.HttpMethod).toBe('ANY');
    expect(proxy.AuthorizationType).toBe(AUTHORIZATION_TYPE[mode]);
    if (mode !== 'iam') {
      expect(proxy.AuthorizerId).toBeDefined();
    }
    if (mode === 'cognitoClientCredentials') {
      // Access tokens of this API's clients only: without scopes API Gateway would take any ID token of the pool.
      expect(proxy.AuthorizationScopes).toEqual(['api/findings.write', 'api/findings.read']);
    }
  });

  test('a method added with authorizationType NONE fails synthesis, naming the method and the fix', () => {
    const { stack, api } = modeApi(mode);
    api.restApi.root.addResource('open').addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.NONE });
    const error = synthErrors(stack);
    expect(error).toContain('[Test/Api/Resource/Default/open/GET] AuthorizationType: a method of Test/Api/Resource has AuthorizationType "NONE"');
    expect(error).toMatch(FIX);
  });

  test('a proxy whose default method options say NONE is refused', () => {
    const { stack, api } = modeApi(mode);
    let error = '';
    try {
      api.restApi.root.addResource('files').addProxy({
        defaultIntegration: new apigw.MockIntegration(),
        defaultMethodOptions: { authorizationType: apigw.AuthorizationType.NONE },
      });
      error = synthErrors(stack);
    } catch (thrown) {
      // aws-cdk-lib itself refuses NONE beside the inherited authorizer (CUSTOM, COGNITO) at once.
      error = (thrown as Error).message;
    }
    expect(error).toMatch(/Test\/Api\/Resource\/Default\/files\/\{proxy\+\}\/ANY\]? .*(AuthorizationType:|Authorization type is set to NONE)/);
  });

  test('an L1 CfnMethod on the RestApi with NONE, or with no AuthorizationType, fails synthesis', () => {
    const { stack, api } = modeApi(mode);
    rootMethod(stack, 'RawNone', api, { httpMethod: 'DELETE', authorizationType: 'NONE' });
    rootMethod(stack, 'RawMissing', api, { httpMethod: 'PUT' });
    const error = synthErrors(stack);
    expect(error).toContain('[Test/RawNone] AuthorizationType: a method of Test/Api/Resource has AuthorizationType "NONE"');
    expect(error).toContain('[Test/RawMissing] AuthorizationType: a method of Test/Api/Resource has no AuthorizationType');
  });

  test('an L1 CfnMethod on the RestApi with another authorization type than the API\'s fails synthesis', () => {
    const { stack, api } = modeApi(mode);
    // Outside IAM mode the resource policy allows any principal, so AWS_IAM there takes SigV4 from any account.
    const other = mode === 'iam' ? 'CUSTOM' : 'AWS_IAM';
    rootMethod(stack, 'RawOther', api, { httpMethod: 'DELETE', authorizationType: other, authorizerId: mode === 'iam' ? 'abc123' : undefined });
    expect(synthErrors(stack)).toContain(`[Test/RawOther] AuthorizationType: a method of Test/Api/Resource has AuthorizationType "${other}", ` +
      `not the API's ${AUTHORIZATION_TYPE[mode]}`);
  });

  test('an L1 CfnMethod in another stack of the app fails synthesis', () => {
    const { stack, api } = modeApi(mode);
    const other = new Stack(stack.node.root, 'Other', { env: { account: stack.account, region: stack.region } });
    rootMethod(other, 'Elsewhere', api, { httpMethod: 'PATCH', authorizationType: 'NONE' });
    expect(synthErrors(stack)).toContain('[Other/Elsewhere] AuthorizationType');
  });

  test.each([
    ['addOverride', (cfn: apigw.CfnMethod) => cfn.addOverride('Properties.AuthorizationType', 'NONE')],
    ['addPropertyOverride', (cfn: apigw.CfnMethod) => cfn.addPropertyOverride('AuthorizationType', 'NONE')],
    ['addPropertyDeletionOverride', (cfn: apigw.CfnMethod) => cfn.addPropertyDeletionOverride('AuthorizationType')],
  ])('an %s that strips a route\'s authorization fails synthesis', (_name, strip) => {
    const { stack, api } = modeApi(mode);
    strip(api.restApi.root.resourceForPath('/findings').node.findChild('POST').node.defaultChild as apigw.CfnMethod);
    expect(synthErrors(stack)).toContain('[Test/Api/Resource/Default/findings/POST] AuthorizationType');
  });

  test('an AuthorizationType from a template parameter fails closed', () => {
    const { stack, api } = modeApi(mode);
    const cfn = api.restApi.root.resourceForPath('/findings').node.findChild('POST').node.defaultChild as apigw.CfnMethod;
    cfn.authorizationType = new CfnParameter(stack, 'AuthType').valueAsString;
    expect(synthErrors(stack)).toContain('[Test/Api/Resource/Default/findings/POST] AuthorizationType: a method of Test/Api/Resource has AuthorizationType {"Ref":"AuthType"}');
  });

  test('a method an Aspect adds with NONE fails synthesis', () => {
    const { stack, api } = modeApi(mode);
    class AddsOpenMethod implements IAspect {
      private added = false;
      public visit(node: IConstruct): void {
        if (node === api.restApi && !this.added) {
          this.added = true;
          api.restApi.root.addResource('late').addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.NONE });
        }
      }
    }
    Aspects.of(stack).add(new AddsOpenMethod());
    expect(synthErrors(stack)).toContain('[Test/Api/Resource/Default/late/GET] AuthorizationType');
  });

  test('addUnauthenticatedRoute stays allowed, and is the only NONE method', () => {
    const { stack, api, query } = modeApi(mode);
    api.addUnauthenticatedRoute('GET', '/health', query, { reason: 'Load balancer health checks carry no credentials.' });
    synth(stack);
    expect(methodWithPath(stack, 'health').AuthorizationType).toBe('NONE');
    expect(methodWithPath(stack, 'health').AuthorizationScopes).toBeUndefined();
  });
});

describe('SecureApi escape hatches (certificateOu)', () => {
  test('restApi.root.addProxy() gets the certificate-OU authorizer; a NONE method beside it fails synthesis', () => {
    const { stack, api, query } = referenceApi();
    api.restApi.root.addProxy({ defaultIntegration: new apigw.LambdaIntegration(query.function) });
    synth(stack);
    expect(methodWithPath(stack, '{proxy+}')).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: expect.anything() });

    const again = referenceApi();
    again.api.restApi.root.addResource('open').addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.NONE });
    expect(synthErrors(again.stack)).toContain('[Test/Api/Resource/Default/open/GET] AuthorizationType');
  });
});
