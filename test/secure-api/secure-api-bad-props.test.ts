import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { fixture, Fixture, mtlsDomain, synthErrors } from './fixtures';
import { ApiAuthorization, SecureApi, SecureApiProps } from '../../src/secure-api';

/** Bad props fail with a message naming the construct path, the prop and the fix. */
function api(f: Fixture, props: Partial<SecureApiProps> = {}): SecureApi {
  return new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.iam(), ...props });
}

function expectPropError(build: (f: Fixture) => unknown, prop: string, problem: RegExp): void {
  const f = fixture();
  let message = '';
  try {
    build(f);
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain(`[Test/Api] ${prop}:`);
  expect(message).toMatch(problem);
  expect(message).toContain('Fix: ');
}

describe('SecureApi bad props', () => {
  test.each([4000, -1, 1.5])('a certificate-OU cache TTL of %p', (ttl) => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.certificateOu({ trustedIssuers: ['CN=Example Private CA,O=Example Corp,C=US'], cacheTtlSeconds: ttl }), domain: mtlsDomain(f.stack) }),
      'authorization.cacheTtlSeconds', /outside 0 to 3600 seconds/);
  });

  test('a Lambda authorizer cache TTL over 3600', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({ handler: f.query.function, cacheTtlSeconds: 3601, identitySources: ['method.request.header.Authorization'] }),
    }), 'authorization.cacheTtlSeconds', /3601 is outside 0 to 3600 seconds/);
  });

  // The cache key must carry a caller's credential. Shared values, from "Variables for data
  // transformations for API Gateway": sourceIp is the immediate TCP peer (one address behind a NAT),
  // userAgent the User-Agent header, issuerDN the same for every certificate of one CA; RFC 5280
  // makes a serial unique only per issuer. Stage variables are the same for every request.
  test.each([
    [['stageVariables.tenant']],
    [['context.identity.sourceIp']],
    [['context.identity.userAgent']],
    [['context.identity.clientCert.issuerDN']],
    [['context.identity.clientCert.serialNumber']],
    [['context.identity.clientCert.subjectDN', 'context.identity.sourceIp']],
  ])('a cached Lambda authorizer keyed on no caller credential: %p', (identitySources) => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({ handler: f.query.function, identitySources }),
    }), 'authorization.identitySources', /no identity source carries a caller's credential.*unsafeCacheKeyWithoutCredentialReason/);
  });

  test('a cached Lambda authorizer with no identity sources, even with the reason', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({ handler: f.query.function, unsafeCacheKeyWithoutCredentialReason: 'fixed callers' }),
    }), 'authorization.identitySources', /caching is on but no identity sources are given/);
  });

  test('a reason for a credential-less cache key that is empty, or not needed', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({
        handler: f.query.function, identitySources: ['context.identity.sourceIp'], unsafeCacheKeyWithoutCredentialReason: ' ',
      }),
    }), 'authorization.unsafeCacheKeyWithoutCredentialReason', /the reason is empty/);
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({
        handler: f.query.function, identitySources: ['method.request.header.Authorization'], unsafeCacheKeyWithoutCredentialReason: 'why not',
      }),
    }), 'authorization.unsafeCacheKeyWithoutCredentialReason', /already carries a credential or caching is off/);
  });

  test('an identity source API Gateway does not know', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({ handler: f.query.function, cacheTtlSeconds: 0, identitySources: ['Authorization'] }),
    }), 'authorization.identitySources', /'Authorization' is not a REQUEST authorizer identity source/);
  });

  test('certificate-OU authorization without a custom domain', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.certificateOu({ trustedIssuers: ['CN=Example Private CA,O=Example Corp,C=US'] }) }),
      'authorization', /needs a custom domain with mutual TLS/);
  });

  test('certificate-OU authorization on a domain without a truststore', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.certificateOu({ trustedIssuers: ['CN=Example Private CA,O=Example Corp,C=US'] }),
      domain: { ...mtlsDomain(f.stack), truststoreBucket: undefined, truststoreKey: undefined },
    }), 'authorization', /needs a custom domain with mutual TLS/);
  });

  test('a truststore bucket without its key', () => {
    expectPropError((f) => api(f, { domain: { ...mtlsDomain(f.stack), truststoreKey: undefined } }),
      'domain.truststoreKey', /truststoreBucket is given without truststoreKey/);
  });

  test('a TLS policy below 1.2', () => {
    expectPropError((f) => api(f, { domain: { ...mtlsDomain(f.stack), securityPolicy: apigw.SecurityPolicy.TLS_1_0 } }),
      'domain.securityPolicy', /below TLS 1.2/);
  });

  test('a TLS 1.3-only policy with mutual TLS', () => {
    expectPropError((f) => api(f, { domain: { ...mtlsDomain(f.stack), securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09 } }),
      'domain.securityPolicy', /mutual TLS only with TLS_1_2/);
  });

  test.each(['203.0.113.0', '203.0.113.0/33', '300.0.113.0/24', 'fe80:::1/64', 'example.com/24'])('a CIDR that does not parse: %s', (cidr) => {
    expectPropError((f) => api(f, { allowedSourceCidrs: ['198.51.100.0/24', cidr] }), 'allowedSourceCidrs', new RegExp(`'${cidr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is not a CIDR block`));
  });

  test('an empty CIDR allow list', () => {
    expectPropError((f) => api(f, { allowedSourceCidrs: [] }), 'allowedSourceCidrs', /empty, which would deny every caller/);
  });

  test('execution logging turned off', () => {
    expectPropError((f) => api(f, { executionLogLevel: apigw.MethodLoggingLevel.OFF }), 'executionLogLevel', /turns execution logging off/);
  });

  test('a private API with a custom domain', () => {
    expectPropError((f) => {
      const vpc = new ec2.Vpc(f.stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
      return api(f, { privateEndpoints: [endpoint], domain: mtlsDomain(f.stack) });
    }, 'privateEndpoints', /PRIVATE API is given a regional custom domain/);
  });

  test('both a web ACL and the reason to have none', () => {
    expectPropError((f) => api(f, { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/x/1', unsafeNoWebAclReason: 'no' }),
      'webAclArn', /both a web ACL and unsafeNoWebAclReason/);
  });

  test('a web ACL rate limit below WAF\'s minimum', () => {
    expectPropError((f) => api(f, { webAclRateLimit: 5 }), 'webAclRateLimit', /outside WAF's 10 to 2,000,000,000/);
  });

  test('a negative throttle', () => {
    expectPropError((f) => api(f, { throttle: { rateLimit: -1, burstLimit: 10 } }), 'throttle', /are not valid limits/);
  });

  test('an empty OU mapping', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.certificateOu({ trustedIssuers: ['CN=Example Private CA,O=Example Corp,C=US'], mappings: [] }), domain: mtlsDomain(f.stack) }),
      'authorization.mappings', /the OU mapping is empty/);
  });

  test('an OU mapped to no routes', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.certificateOu({ trustedIssuers: ['CN=Example Private CA,O=Example Corp,C=US'], mappings: [{ ou: 'scanners', routes: [] }] }), domain: mtlsDomain(f.stack) }),
      'authorization.mappings', /OU 'scanners' is mapped to 0 routes/);
  });

  test('a mapping route that is not METHOD /path', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.certificateOu({ trustedIssuers: ['CN=Example Private CA,O=Example Corp,C=US'], mappings: [{ ou: 'scanners', routes: ['POST findings'] }] }), domain: mtlsDomain(f.stack),
    }), 'authorization.mappings', /'POST findings' \(OU 'scanners'\) is not a route/);
  });

  test('Cognito authorization without scopes', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.cognitoClientCredentials({ scopes: [] }) }),
      'authorization.scopes', /no scopes are declared/);
  });

  test('a Cognito app client asking for an undeclared scope', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.cognitoClientCredentials({ scopes: ['findings.read'], clients: [{ name: 'x', scopes: ['admin'] }] }),
    }), 'authorization.clients', /client 'x' asks for undeclared or no scopes \(admin\)/);
  });
});

describe('SecureApi bad routes', () => {
  const route = (f: Fixture, method: string, path: string) => api(f).addRoute(method, path, f.query);

  test('a path without a leading slash', () => {
    expectPropError((f) => route(f, 'GET', 'findings'), 'addRoute path', /'findings' does not start with '\/'/);
  });

  test.each(['/findings/{orgId', '/findings/orgId}', '/findings/{{orgId}}'])('an unbalanced brace: %s', (path) => {
    expectPropError((f) => route(f, 'GET', path), 'addRoute path', /unbalanced '\{' or '\}'/);
  });

  test('a parameter that is not a whole segment', () => {
    expectPropError((f) => route(f, 'GET', '/findings/id-{orgId}'), 'addRoute path', /is not a valid resource path/);
  });

  test('a method that is not a route method', () => {
    expectPropError((f) => route(f, 'ANY', '/findings'), 'addRoute method', /'ANY' is not a route method/);
  });

  test('the same method and path twice', () => {
    expectPropError((f) => {
      const secure = api(f);
      secure.addRoute('GET', '/findings/{orgId}', f.query);
      secure.addRoute('get', '/findings/{orgId}/', f.ingest);
    }, 'addRoute', /the route GET \/findings\/\{orgId\} is added twice/);
  });

  test('a Cognito route without scopes', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.cognitoClientCredentials({ scopes: ['findings.read'] }) })
      .addRoute('GET', '/findings', f.query), 'addRoute GET /findings scopes', /requires no scopes/);
  });

  test('a Cognito route with an undeclared scope', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.cognitoClientCredentials({ scopes: ['findings.read'] }) })
      .addRoute('GET', '/findings', f.query, { scopes: ['findings.admin'] }), 'addRoute GET /findings scopes', /undeclared scopes \(findings.admin\)/);
  });

  test('an unauthenticated route without a reason', () => {
    expectPropError((f) => api(f).addUnauthenticatedRoute('GET', '/health', f.query, { reason: ' ' }),
      'addUnauthenticatedRoute reason', /no reason is given/);
  });

  test('a request schema on a route that accepts no JSON', () => {
    expectPropError((f) => api(f).addRoute('POST', '/upload', f.ingest, { contentTypes: ['text/csv'], requestSchema: { type: apigw.JsonSchemaType.OBJECT } }),
      'addRoute POST /upload requestSchema', /accepts no JSON content type/);
  });

  test('a content type that is not a media type', () => {
    expectPropError((f) => api(f).addRoute('POST', '/upload', f.ingest, { contentTypes: ['json'] }),
      'addRoute POST /upload contentTypes', /'json' is not a media type/);
  });

  test('a handler that is no function', () => {
    expectPropError((f) => api(f).addRoute('GET', '/x', f.keys as any), 'addRoute handler', /neither a lambda.IFunction/);
  });

  test('an IAM grant on an API without IAM authorization', () => {
    expectPropError((f) => {
      const secure = api(f, { authorization: ApiAuthorization.certificateOu({ trustedIssuers: ['CN=Example Private CA,O=Example Corp,C=US'] }), domain: mtlsDomain(f.stack) });
      secure.grantInvoke(f.ingest, 'GET', '/findings');
    }, 'grantInvoke', /does not use IAM authorization/);
  });
});

describe('SecureApi errors only the finished API shows', () => {
  test('an API with no routes fails synthesis', () => {
    const f = fixture();
    api(f);
    expect(synthErrors(f.stack)).toContain('[Test/Api] routes: the API has no routes. Fix: add at least one with addRoute');
  });

  test('an OU mapped to a route the API does not have fails synthesis, naming the routes it has', () => {
    const f = fixture();
    const secure = api(f, {
      authorization: ApiAuthorization.certificateOu({ trustedIssuers: ['CN=Example Private CA,O=Example Corp,C=US'], mappings: [{ ou: 'scanners', routes: ['POST /finding'] }] }),
      domain: mtlsDomain(f.stack),
    });
    secure.addRoute('POST', '/findings', f.ingest);
    expect(synthErrors(f.stack)).toContain(
      "[Test/Api] authorization.mappings: OU 'scanners' is mapped to 'POST /finding', which is not a route of this API. " +
      'Fix: add the route with addRoute, or correct the mapping (routes: POST /findings)');
  });
});
