import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { l1Method } from '../l1-fixtures';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'ApiGwMethodAuthorization';
const id = (finding: string, path: string) => `SecureServerless-${RULE}[${finding}] @ ${path}`;

const integration = { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://example.com' } };

/** A Swagger 2.0 definition with API Gateway's authorizer schemes (IAM, Lambda) and an API key scheme. */
function swagger(security: object[] | undefined, paths: object): object {
  return {
    swagger: '2.0',
    info: { title: 'api', version: '1' },
    securityDefinitions: {
      sigv4: { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
      lambda: {
        'type': 'apiKey',
        'name': 'Authorization',
        'in': 'header',
        'x-amazon-apigateway-authtype': 'custom',
        'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/fn' },
      },
      api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
    },
    security,
    paths,
  };
}

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

  test('Noncompliance 5: operations of an inline OpenAPI body (SpecRestApi) without an authorizer, one finding each', () => {
    const stack = newStack();
    new apigw.SpecRestApi(stack, 'Spec', {
      deploy: false,
      apiDefinition: apigw.ApiDefinition.fromInline(swagger(undefined, {
        '/open': { get: { ...integration } },
        '/keyed': { post: { ...integration, security: [{ api_key: [] }] } },
        '/either': { put: { ...integration, security: [{ sigv4: [] }, {}] } },
        '/items': { options: { ...integration } },
      })),
    });
    new apigw.CfnRestApi(stack, 'L1', {
      name: 'l1',
      body: swagger([{ lambda: [] }], { '/items': { 'get': { ...integration }, 'x-amazon-apigateway-any-method': { ...integration, security: [] } } }),
    });
    expect(findingsOf(stack, RULE)).toEqual([
      id('Operation::ANY /items', 'Stack/L1'),
      id('Operation::GET /open', 'Stack/Spec/Resource'),
      id('Operation::OPTIONS /items', 'Stack/Spec/Resource'),
      id('Operation::POST /keyed', 'Stack/Spec/Resource'),
      id('Operation::PUT /either', 'Stack/Spec/Resource'),
    ]);
  });

  test('Noncompliance 6: a definition in S3 (SpecRestApi from an asset or a bucket), a cloned API, a YAML string, a $ref path item could not be validated', () => {
    const asset = newStack('Asset');
    new apigw.SpecRestApi(asset, 'Spec', { deploy: false, apiDefinition: apigw.ApiDefinition.fromAsset(__filename) });
    expect(descriptionsOf(asset, RULE)).toEqual([expect.stringMatching(/BodyS3Location could not be validated: the OpenAPI definition is in S3/)]);

    const clone = newStack('Clone');
    new apigw.CfnRestApi(clone, 'Clone', { name: 'clone', cloneFrom: 'a1b2c3' });
    expect(descriptionsOf(clone, RULE)).toEqual([expect.stringMatching(/CloneFrom could not be validated/)]);

    const yaml = newStack('Yaml');
    // The L1 takes only an object; a string arrives through an override or an included template.
    new apigw.CfnRestApi(yaml, 'Yaml', { name: 'yaml' }).addPropertyOverride('Body', 'openapi: 3.0.1\npaths: {}');
    expect(descriptionsOf(yaml, RULE)).toEqual([expect.stringMatching(/Body could not be validated: the OpenAPI definition is a string that is not JSON/)]);

    const ref = newStack('Ref');
    new apigw.CfnRestApi(ref, 'Ref', { name: 'ref', body: swagger(undefined, { '/items': { $ref: 'https://example.com/items.json' } }) });
    expect(descriptionsOf(ref, RULE)).toEqual([expect.stringMatching(/Body paths\.\/items could not be validated: the path item is a \$ref/)]);
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

    const spec = newStack('Spec');
    new apigw.SpecRestApi(spec, 'Spec', {
      deploy: false,
      apiDefinition: apigw.ApiDefinition.fromInline(swagger([{ sigv4: [] }], {
        '/items': { get: { ...integration }, post: { ...integration, security: [{ lambda: [] }] } },
        '/cors': { options: { 'x-amazon-apigateway-integration': { type: 'mock' } } },
      })),
    });
    new apigw.CfnRestApi(spec, 'Json', { name: 'json' })
      .addPropertyOverride('Body', JSON.stringify(swagger([{ lambda: [] }], { '/': { get: { ...integration } } })));
    expect(findingsOf(spec, RULE)).toEqual([]);
  });
});
