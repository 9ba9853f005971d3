import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { fixture, mtlsDomain } from './fixtures';
import { modeApi, MODES } from './modes';
import { EncryptedTable } from '../../src/encrypted-table';
import { SecureServerlessChecks } from '../../src/nag';
import { ApiAuthorization, SecureApi, TrustedIssuer } from '../../src/secure-api';
import { withCode } from '../support/failures';
import { IamModel } from '../support/iam';
import { acknowledgementReasons, nagErrors } from '../support/nag';

const methodsOf = (template: Template) => Object.values<any>(template.findResources('AWS::ApiGateway::Method'));

describe('Cognito client-credentials authorization', () => {
  const { stack, api } = modeApi('cognitoClientCredentials');
  const template = Template.fromStack(stack);

  test('each method requires its scopes from the resource server, through a Cognito authorizer', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST', AuthorizationType: 'COGNITO_USER_POOLS', AuthorizationScopes: ['api/findings.write'],
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET', AuthorizationType: 'COGNITO_USER_POOLS', AuthorizationScopes: ['api/findings.read'],
    });
  });

  test('a user pool without self sign-up, a resource server, a domain and secret-holding client-credentials clients', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, MfaConfiguration: 'ON' });
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'api',
      Scopes: [{ ScopeName: 'findings.write', ScopeDescription: 'findings.write' }, { ScopeName: 'findings.read', ScopeDescription: 'findings.read' }],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'findings-auth' });
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'scanner',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [{ 'Fn::Join': ['', [{ Ref: Match.stringLikeRegexp('ResourceServer') }, '/findings.write']] }],
    });
    expect(api.userPool).toBeDefined();
    expect(api.userPoolClients).toHaveLength(2);
  });

  test('the function receives the client id and scopes', () => {
    const [method] = methodsOf(template);
    expect(method.Properties.Integration.RequestTemplates['application/json'])
      .toContain('"clientId": "$util.escapeJavaScript($context.authorizer.claims.client_id)');
  });
});

describe('IAM authorization', () => {
  const { stack, api } = modeApi('iam');
  const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
  api.grantInvoke(caller, 'GET', '/findings/{orgId}');
  const template = Template.fromStack(stack);

  test('every method uses AWS_IAM', () => {
    expect(methodsOf(template).map((method) => method.Properties.AuthorizationType)).toEqual(['AWS_IAM', 'AWS_IAM']);
  });

  test("the resource policy admits this account's IAM principals only, not any signed caller", () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: { Statement: [Match.objectLike({ Sid: 'AllowInvoke', Principal: { AWS: { 'Fn::Join': ['', Match.arrayWith([':iam::111111111111:root'])] } } })] },
    });
  });

  test('grantInvoke allows execute-api:Invoke on the one route of the stage', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'execute-api:Invoke',
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('^ApiDeploymentStageprod') }, '/GET/findings/*'])] },
        }],
      },
    });
  });
});

describe('Lambda authorization (your own REQUEST authorizer)', () => {
  const { stack } = modeApi('lambda');
  const template = Template.fromStack(stack);

  test('the authorizer is keyed on the given identity sources and caches 300 s by default', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST', IdentitySource: 'method.request.header.Authorization', AuthorizerResultTtlInSeconds: 300,
    });
    expect(methodsOf(template).map((method) => method.Properties.AuthorizationType)).toEqual(['CUSTOM', 'CUSTOM']);
  });

  test('the requested context keys reach the function', () => {
    const [method] = methodsOf(template);
    expect(method.Properties.Integration.RequestTemplates['application/json']).toContain('"tenant": "$util.escapeJavaScript($context.authorizer.tenant)');
  });

  test('the authorizer may be invoked only by this authorizer', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OwnAuthorizer'), 'Arn'] },
      SourceArn: { 'Fn::Join': ['', Match.arrayWith(['/authorizers/'])] },
    });
  });
});

describe('certificate-OU authorization options', () => {
  test('caching disabled with 0, a given mapping table, the in-memory mapping TTL, and the declared mapping as items', () => {
    const f = fixture();
    const table = new EncryptedTable(f.stack, 'Mapping', { partitionKey: { name: 'ou', type: dynamodb.AttributeType.STRING }, keys: f.keys });
    const api = new SecureApi(f.stack, 'Api', {
      keys: f.keys,
      domain: mtlsDomain(f.stack),
      authorization: ApiAuthorization.certificateOu({
        trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')],
        cacheTtlSeconds: 0,
        mappingTable: table,
        mappingCacheTtlSeconds: 30,
        mappings: [
          { ou: 'scanners', routes: ['POST /findings'] },
          { ou: 'customer-1234', routes: ['GET /findings/{orgId}'], orgId: 'org-1234' },
        ],
      }),
    });
    api.addRoute('POST', '/findings', f.ingest);
    api.addRoute('GET', '/findings/{orgId}', f.query);
    const template = Template.fromStack(f.stack);

    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: 0 });
    // The given mapping table and the construct's revocation table: no mapping table of its own.
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.resourcePropertiesCountIs('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'ou', KeyType: 'HASH' }] }, 1);
    expect(api.mappingTable).toBe(table);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { MAPPING_TABLE_NAME: { Ref: Match.stringLikeRegexp('^Mapping') }, MAPPING_CACHE_TTL_SECONDS: '30' } },
    });
    expect(api.ouMappingItems().map((item) => JSON.parse(item))).toEqual([
      { ou: { S: 'scanners' }, routes: { L: [{ S: 'POST /findings' }] } },
      { ou: { S: 'customer-1234' }, routes: { L: [{ S: 'GET /findings/{orgId}' }] }, orgId: { S: 'org-1234' } },
    ]);
  });

  test('other modes have no mapping items', () => {
    expect(modeApi('iam').api.ouMappingItems()).toEqual([]);
  });
});

describe('a route without authorization, through the named escape hatch', () => {
  const f = fixture();
  const api = new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.iam() });
  api.addRoute('GET', '/findings/{orgId}', f.query);
  api.addUnauthenticatedRoute('GET', '/health', f.ingest, { reason: 'Load balancer health checks carry no credentials; the route returns a constant.' });
  const template = Template.fromStack(f.stack);

  test('is NONE, hands the function no caller, and its acknowledgements carry the reason', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'NONE' });
    const health = methodsOf(template).find((method) => method.Properties.AuthorizationType === 'NONE');
    expect(health.Properties.Integration.RequestTemplates['application/json']).toContain('"caller": {#set($separator = "")},');
    const reasons = acknowledgementReasons(f.stack);
    for (const rule of ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'SecureServerless-ApiGwMethodAuthorization']) {
      expect(reasons[`Test/Api/Resource/Default/health/GET: ${rule}`]).toMatch(/Unauthenticated route .*Load balancer health checks/);
    }
    expect(nagErrors(f.stack)).toEqual([]);
  });
});

describe('the OU mapping declared in code', () => {
  const f = fixture();
  const api = new SecureApi(f.stack, 'Api', {
    keys: f.keys,
    domain: mtlsDomain(f.stack),
    authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')], mappings: [{ ou: 'scanners', routes: ['POST /findings'] }] }),
  });
  api.addRoute('POST', '/findings', f.ingest);
  const template = Template.fromStack(f.stack);

  test('is written into the mapping table at deploy time', () => {
    template.hasResourceProperties('Custom::OuMapping', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiCertificateOuMappingSeedWriter'), 'Arn'] },
      TableName: { Ref: Match.stringLikeRegexp('^ApiCertificateOuOuMapping') },
      Items: JSON.stringify([{ ou: { S: 'scanners' }, routes: { L: [{ S: 'POST /findings' }] } }]),
    });
    expect(api.mappingWriterFunction).toBeDefined();
  });

  test('by a function allowed only PutItem and DeleteItem on the table (and the KMS actions a write needs)', () => {
    const model = new IamModel(template.toJSON());
    const [role] = model.logicalIds('AWS::IAM::Role').filter((id) => id.startsWith('ApiCertificateOuMappingSeedWriter'));
    const statements = model.identityPolicies(role).flatMap(({ policy }) => policy.Statement)
      .filter((statement: any) => /ououmapping|keysdatakey/.test(JSON.stringify(statement.Resource)));
    expect(statements.map((statement: any) => statement.Action))
      .toEqual([['dynamodb:PutItem', 'dynamodb:DeleteItem'], ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']]);
  });

  test('with no cdk-nag findings', () => {
    expect(nagErrors(f.stack)).toEqual([]);
  });
});

describe('Cognito authorization with an existing user pool', () => {
  test('adds the resource server to that pool and creates no pool of its own', () => {
    const f = fixture();
    const userPool = cognito.UserPool.fromUserPoolId(f.stack, 'Pool', 'us-east-1_abcdefghi');
    const api = new SecureApi(f.stack, 'Api', {
      keys: f.keys,
      authorization: ApiAuthorization.cognitoClientCredentials({ userPool, scopes: ['read'], resourceServerIdentifier: 'https://findings.example.com' }),
    });
    api.addRoute('GET', '/findings/{orgId}', f.query, { scopes: ['read'] });
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { UserPoolId: 'us-east-1_abcdefghi', Identifier: 'https://findings.example.com' });
    template.hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationScopes: ['https://findings.example.com/read'] });
    expect(api.userPool).toBe(userPool);
  });

  test('refuses a domain prefix, which only a pool it creates would get', () => {
    const f = fixture();
    const userPool = cognito.UserPool.fromUserPoolId(f.stack, 'Pool', 'us-east-1_abcdefghi');
    expect(() => new SecureApi(f.stack, 'Api', {
      keys: f.keys,
      authorization: ApiAuthorization.cognitoClientCredentials({ userPool, scopes: ['read'], domainPrefix: 'x' }),
    })).toThrow(withCode('SecureApi.DomainPrefixWithExistingUserPool'));
  });
});

describe('Lambda authorizer cache keys', () => {
  function lambdaApi(identitySources: string[], unsafeCacheKeyWithoutCredentialReason?: string) {
    const f = fixture();
    const api = new SecureApi(f.stack, 'Api', {
      keys: f.keys,
      authorization: ApiAuthorization.lambdaAuthorizer({ handler: f.query.function, identitySources, unsafeCacheKeyWithoutCredentialReason }),
    });
    api.addRoute('GET', '/findings/{orgId}', f.query);
    return f;
  }
  const cacheKeyFindings = (f: ReturnType<typeof fixture>) =>
    nagErrors(f.stack, [new SecureServerlessChecks()]).filter((line) => line.includes('ApiGwAuthorizerCacheKey'));

  test.each([
    [['method.request.header.Authorization']],
    [['method.request.querystring.token', 'context.identity.sourceIp']],
    [['context.identity.clientCert.serialNumber', 'context.identity.clientCert.issuerDN']],
  ])('a key carrying a credential is accepted, and the rule pack agrees: %p', (sources) => {
    const f = lambdaApi(sources);
    Template.fromStack(f.stack).hasResourceProperties('AWS::ApiGateway::Authorizer', { IdentitySource: sources.join(',') });
    expect(cacheKeyFindings(f)).toEqual([]);
  });

  test('a key on the source IP alone needs unsafeCacheKeyWithoutCredentialReason, recorded as the finding\'s acknowledgement', () => {
    const f = lambdaApi(['context.identity.sourceIp'], 'Callers are single-tenant appliances, one per fixed public address.');
    Template.fromStack(f.stack).hasResourceProperties('AWS::ApiGateway::Authorizer', { IdentitySource: 'context.identity.sourceIp' });
    expect(cacheKeyFindings(f)).toEqual([]);
    expect(acknowledgementReasons(f.stack)['Test/Api/Authorizer: SecureServerless-ApiGwAuthorizerCacheKey'])
      .toMatch(/unsafeCacheKeyWithoutCredentialReason.*single-tenant appliances/);
  });
});

describe('what each mode exposes on the API', () => {
  test('each factory names its mode, which the RestApi description repeats', () => {
    for (const mode of ['cognitoClientCredentials', 'iam', 'lambda']) {
      const { stack } = modeApi(mode);
      Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { Description: `Test/Api: every route authorized (${mode})` });
    }
    expect(ApiAuthorization.certificateOu().mode).toBe('certificateOu');
    expect(ApiAuthorization.iam().mode).toBe('iam');
  });

  test('a mode without OU mapping, revocation or user pool leaves those members empty', () => {
    for (const mode of ['iam', 'lambda']) {
      const { api } = modeApi(mode);
      const members = [api.authorizerFunction, api.mappingWriterFunction, api.mappingTable, api.revocationTable, api.userPool,
        api.maxMappingStalenessSeconds, api.maxRevocationDelaySeconds, api.maxCrlRevocationDelaySeconds];
      expect(members.filter((member) => member !== undefined)).toEqual([]);
      expect(api.userPoolClients).toEqual([]);
      expect(api.ouMappingItems()).toEqual([]);
    }
    const { api } = modeApi('cognitoClientCredentials');
    const certificateMembers = [api.authorizerFunction, api.mappingTable, api.revocationTable, api.maxRevocationDelaySeconds];
    expect(certificateMembers.filter((member) => member !== undefined)).toEqual([]);
  });

  test('only IAM authorization accepts grantInvoke', () => {
    expect(() => modeApi('iam').api.grantInvoke(new iam.AnyPrincipal(), 'GET', '/findings/{orgId}')).not.toThrow();
    for (const mode of ['cognitoClientCredentials', 'lambda']) {
      expect(() => modeApi(mode).api.grantInvoke(new iam.AnyPrincipal(), 'GET', '/findings/{orgId}'))
        .toThrow(withCode('SecureApi.IamGrantWithoutIamAuthorization'));
    }
  });
});

describe('only the modes ApiAuthorization\'s factories make', () => {
  // ApiAuthorization's constructor is protected (its factories return subclasses), so code outside
  // the library can subclass it. A SecureApi must not apply such a mode: in TypeScript its _bind
  // could authorize methods in any way; from Python or Java it would have no _bind at all.
  class OpenDoor extends ApiAuthorization {
    constructor() {
      super('iam');
    }

    public _bind(): any {
      return { caller: {}, methodAuthorization: { authorizationType: 'NONE' } };
    }
  }

  test.each([
    ['a TypeScript subclass with a _bind of its own', () => new OpenDoor()],
    ['an object on ApiAuthorization\'s prototype without _bind (what a jsii subclass in Python or Java is to the library)',
      () => Object.create(ApiAuthorization.prototype) as ApiAuthorization],
    ['a copy of a factory-made mode', () => Object.assign(Object.create(Object.getPrototypeOf(ApiAuthorization.iam())), ApiAuthorization.iam()) as ApiAuthorization],
  ])('%s is refused, naming the prop and the factories', (_, authorization) => {
    const make = () => {
      const f = fixture();
      return new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: authorization() });
    };
    expect(make).toThrow(withCode('SecureApi.UnknownAuthorization'));
    expect(make).toThrow(/\[Test\/Api\] authorization: it is not one of the modes ApiAuthorization's factories make.*Fix: use ApiAuthorization\.certificateOu\(\)/);
  });

  test('each factory\'s mode is applied', () => {
    for (const mode of Object.keys(MODES)) {
      expect(() => modeApi(mode)).not.toThrow();
    }
  });
});
