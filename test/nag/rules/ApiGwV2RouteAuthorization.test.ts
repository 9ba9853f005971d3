import { Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, WebSocketIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration, WebSocketMockIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'ApiGwV2RouteAuthorization';
const id = (finding: string, path: string) => `SecureServerless-${RULE}[${finding}] @ ${path}`;

function l1Api(stack: Stack, name: string, protocolType: 'HTTP' | 'WEBSOCKET', props: Partial<apigwv2.CfnApiProps> = {}): apigwv2.CfnApi {
  return new apigwv2.CfnApi(stack, name, {
    name,
    protocolType,
    routeSelectionExpression: protocolType === 'WEBSOCKET' ? '$request.body.action' : undefined,
    ...props,
  });
}

function route(stack: Stack, name: string, apiId: string, routeKey: string, authorizationType?: string): apigwv2.CfnRoute {
  return new apigwv2.CfnRoute(stack, name, { apiId, routeKey, authorizationType });
}

/** An OpenAPI 3 definition for an HTTP API, with the given root security and operations. */
function openApi(security: object[] | undefined, paths: object): object {
  return {
    openapi: '3.0.1',
    info: { title: 'api', version: '1' },
    components: {
      securitySchemes: {
        jwt: { 'type': 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization' } },
        sigv4: { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
      },
    },
    security,
    paths,
  };
}

const integration = { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://example.com', payloadFormatVersion: '1.0' } };

describe(RULE, () => {
  test('Noncompliance 1: L1 HTTP routes with NONE or no type, an open WebSocket $connect, and a quick-create API', () => {
    const stack = newStack();
    const http = l1Api(stack, 'Http', 'HTTP');
    route(stack, 'None', http.ref, 'GET /items', 'NONE');
    route(stack, 'Missing', http.ref, 'ANY /{proxy+}');
    route(stack, 'Default', http.ref, '$default', 'NONE');
    const ws = l1Api(stack, 'Ws', 'WEBSOCKET');
    route(stack, 'Connect', ws.ref, '$connect', 'NONE');
    l1Api(stack, 'QuickCreate', 'HTTP', { target: 'arn:aws:lambda:us-east-1:111111111111:function:handler' });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Connect', 'Stack/Default', 'Stack/Missing', 'Stack/None', 'Stack/QuickCreate']);
  });

  test('Noncompliance 2: L2 HTTP and WebSocket APIs added with the defaults', () => {
    const stack = newStack();
    const http = new apigwv2.HttpApi(stack, 'Http');
    http.addRoutes({ path: '/items', methods: [apigwv2.HttpMethod.GET], integration: new HttpUrlIntegration('Url', 'https://example.com') });
    new apigwv2.WebSocketApi(stack, 'Ws', { connectRouteOptions: { integration: new WebSocketMockIntegration('Connect') } });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Http/GET--items/Resource', 'Stack/Ws/$connect-Route/Resource']);
  });

  test('Noncompliance 3: OpenAPI operations of an HTTP API body without an authorizer, one finding each', () => {
    const stack = newStack();
    l1Api(stack, 'Body', 'HTTP', {
      body: openApi([{ jwt: [] }], {
        '/items': { get: { ...integration }, post: { ...integration, security: [] } },
        '/open': { 'x-amazon-apigateway-any-method': { ...integration, security: [{}] } },
      }),
    });
    expect(findingsOf(stack, RULE)).toEqual([id('Operation::ANY /open', 'Stack/Body'), id('Operation::POST /items', 'Stack/Body')]);
  });

  test('Noncompliance 4: a definition in S3, a route key from a parameter, and a $default route of an API outside the app could not be validated', () => {
    const s3 = newStack('S3');
    l1Api(s3, 'Api', 'HTTP', { bodyS3Location: { bucket: 'specs', key: 'api.yaml' } });
    expect(descriptionsOf(s3, RULE)).toEqual([expect.stringMatching(/BodyS3Location could not be validated: the OpenAPI definition is in S3/)]);

    const param = newStack('Param');
    route(param, 'Route', l1Api(param, 'Api', 'HTTP').ref, parameter(param, 'Key').valueAsString, 'NONE');
    expect(descriptionsOf(param, RULE)).toEqual([expect.stringMatching(/RouteKey could not be validated/)]);

    const imported = newStack('Imported');
    route(imported, 'Route', 'a1b2c3', '$default', 'NONE');
    expect(descriptionsOf(imported, RULE)).toEqual([expect.stringMatching(/ApiId could not be validated: the route's API is not in the app/)]);
  });

  test('Compliance: authorized HTTP routes, WebSocket message routes behind an authorized $connect, an authorized body', () => {
    const stack = newStack();
    const http = l1Api(stack, 'Http', 'HTTP');
    route(stack, 'Iam', http.ref, 'GET /items', 'AWS_IAM');
    route(stack, 'Jwt', http.ref, 'POST /items', 'JWT');
    route(stack, 'Custom', http.ref, '$default', 'CUSTOM');
    const ws = l1Api(stack, 'Ws', 'WEBSOCKET');
    route(stack, 'Connect', ws.ref, '$connect', 'AWS_IAM');
    route(stack, 'Message', ws.ref, 'sendMessage', 'NONE');
    route(stack, 'WsDefault', ws.ref, '$default');
    route(stack, 'Disconnect', 'outside-app', '$disconnect');
    route(stack, 'OutsideHttp', 'outside-app', 'GET /x', 'AWS_IAM');
    l1Api(stack, 'Body', 'HTTP', {
      body: openApi([{ jwt: [] }], { '/items': { get: { ...integration }, put: { ...integration, security: [{ sigv4: [] }] } } }),
    });
    expect(findingsOf(stack, RULE)).toEqual([]);

    const l2 = newStack('L2');
    const api = new apigwv2.HttpApi(l2, 'Http', { defaultAuthorizer: new HttpIamAuthorizer() });
    api.addRoutes({ path: '/items', methods: [apigwv2.HttpMethod.GET], integration: new HttpUrlIntegration('Url', 'https://example.com') });
    new apigwv2.WebSocketApi(l2, 'Ws', {
      connectRouteOptions: { integration: new WebSocketMockIntegration('Connect'), authorizer: new WebSocketIamAuthorizer() },
      defaultRouteOptions: { integration: new WebSocketMockIntegration('Default') },
    });
    expect(findingsOf(l2, RULE)).toEqual([]);
  });
});
