import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { fixture, Fixture, mtlsDomain, synthErrors } from './fixtures';
import { ApiAuthorization, SecureApi, SecureApiProps, TrustedIssuer } from '../../src/secure-api';
import { failureCodes } from '../support/failures';

/** Bad props fail with a message naming the construct path, the prop and the fix. */
function api(f: Fixture, props: Partial<SecureApiProps> = {}): SecureApi {
  return new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.iam(), ...props });
}

function expectPropError(build: (f: Fixture) => unknown, prop: string, code: string): void {
  const f = fixture();
  let error: { message?: string; code?: string } = {};
  try {
    build(f);
  } catch (thrown) {
    error = thrown as typeof error;
  }
  expect(error.code).toEqual(code);
  expect(error.message).toContain(`[Test/Api] ${prop}:`);
  expect(error.message).toContain('. Fix: ');
}

describe('SecureApi bad props', () => {
  test.each([4000, -1, 1.5])('a certificate-OU cache TTL of %p', (ttl) => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')], cacheTtlSeconds: ttl }), domain: mtlsDomain(f.stack) }),
      'authorization.cacheTtlSeconds', 'SecureApi.CacheTtlOutOfRange');
  });

  test('a Lambda authorizer cache TTL over 3600', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({ handler: f.query.function, cacheTtlSeconds: 3601, identitySources: ['method.request.header.Authorization'] }),
    }), 'authorization.cacheTtlSeconds', 'SecureApi.CacheTtlOutOfRange');
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
    }), 'authorization.identitySources', 'SecureApi.CachingWithoutCredential');
  });

  test('a cached Lambda authorizer with no identity sources, even with the reason', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({ handler: f.query.function, unsafeCacheKeyWithoutCredentialReason: 'fixed callers' }),
    }), 'authorization.identitySources', 'SecureApi.CachingWithoutIdentitySources');
  });

  test('a reason for a credential-less cache key that is empty, or not needed', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({
        handler: f.query.function, identitySources: ['context.identity.sourceIp'], unsafeCacheKeyWithoutCredentialReason: ' ',
      }),
    }), 'authorization.unsafeCacheKeyWithoutCredentialReason', 'SecureApi.EmptySharedCacheReason');
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({
        handler: f.query.function, identitySources: ['method.request.header.Authorization'], unsafeCacheKeyWithoutCredentialReason: 'why not',
      }),
    }), 'authorization.unsafeCacheKeyWithoutCredentialReason', 'SecureApi.NeedlessSharedCacheReason');
  });

  test('an identity source API Gateway does not know', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.lambdaAuthorizer({ handler: f.query.function, cacheTtlSeconds: 0, identitySources: ['Authorization'] }),
    }), 'authorization.identitySources', 'SecureApi.InvalidIdentitySource');
  });

  test('certificate-OU authorization without a custom domain', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')] }) }),
      'authorization', 'SecureApi.CertificateOuWithoutMutualTls');
  });

  test('certificate-OU authorization on a domain without a truststore', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')] }),
      domain: { ...mtlsDomain(f.stack), truststoreBucket: undefined, truststoreKey: undefined },
    }), 'authorization', 'SecureApi.CertificateOuWithoutMutualTls');
  });

  test('a truststore bucket without its key', () => {
    expectPropError((f) => api(f, { domain: { ...mtlsDomain(f.stack), truststoreKey: undefined } }),
      'domain.truststoreKey', 'SecureApi.TruststoreBucketWithoutKey');
  });

  test('a TLS policy below 1.2', () => {
    expectPropError((f) => api(f, { domain: { ...mtlsDomain(f.stack), securityPolicy: apigw.SecurityPolicy.TLS_1_0 } }),
      'domain.securityPolicy', 'SecureApi.TlsPolicyBelow12');
  });

  test('a TLS 1.3-only policy with mutual TLS', () => {
    expectPropError((f) => api(f, { domain: { ...mtlsDomain(f.stack), securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09 } }),
      'domain.securityPolicy', 'SecureApi.MutualTlsPolicyNotTls12');
  });

  test.each(['203.0.113.0', '203.0.113.0/33', '300.0.113.0/24', 'fe80:::1/64', 'example.com/24'])('a CIDR that does not parse: %s', (cidr) => {
    expectPropError((f) => api(f, { allowedSourceCidrs: ['198.51.100.0/24', cidr] }), 'allowedSourceCidrs', 'SecureApi.InvalidSourceCidr');
  });

  test('an empty CIDR allow list', () => {
    expectPropError((f) => api(f, { allowedSourceCidrs: [] }), 'allowedSourceCidrs', 'SecureApi.EmptySourceCidrs');
  });

  test('execution logging turned off', () => {
    expectPropError((f) => api(f, { executionLogLevel: apigw.MethodLoggingLevel.OFF }), 'executionLogLevel', 'SecureApi.ExecutionLoggingOff');
  });

  test('a private API with a custom domain', () => {
    expectPropError((f) => {
      const vpc = new ec2.Vpc(f.stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
      return api(f, { privateEndpoints: [endpoint], domain: mtlsDomain(f.stack) });
    }, 'privateEndpoints', 'SecureApi.PrivateApiWithDomain');
  });

  test('both a web ACL and the reason to have none', () => {
    expectPropError((f) => api(f, { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/x/1', unsafeNoWebAclReason: 'no' }),
      'webAclArn', 'SecureApi.WebAclAndNoWebAclReason');
  });

  test('a web ACL rate limit below WAF\'s minimum', () => {
    expectPropError((f) => api(f, { webAclRateLimit: 5 }), 'webAclRateLimit', 'SecureApi.WebAclRateLimitOutOfRange');
  });

  test('a negative throttle', () => {
    expectPropError((f) => api(f, { throttle: { rateLimit: -1, burstLimit: 10 } }), 'throttle', 'SecureApi.InvalidThrottle');
  });

  test('an empty OU mapping', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')], mappings: [] }), domain: mtlsDomain(f.stack) }),
      'authorization.mappings', 'SecureApi.EmptyOuMapping');
  });

  test('an OU mapped to no routes', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')], mappings: [{ ou: 'scanners', routes: [] }] }), domain: mtlsDomain(f.stack) }),
      'authorization.mappings', 'SecureApi.OuRouteCountOutOfRange');
  });

  test('a mapping route that is not METHOD /path', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')], mappings: [{ ou: 'scanners', routes: ['POST findings'] }] }), domain: mtlsDomain(f.stack),
    }), 'authorization.mappings', 'SecureApi.InvalidMappedRoute');
  });

  test('Cognito authorization without scopes', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.cognitoClientCredentials({ scopes: [] }) }),
      'authorization.scopes', 'SecureApi.NoScopesDeclared');
  });

  test('a Cognito app client asking for an undeclared scope', () => {
    expectPropError((f) => api(f, {
      authorization: ApiAuthorization.cognitoClientCredentials({ scopes: ['findings.read'], clients: [{ name: 'x', scopes: ['admin'] }] }),
    }), 'authorization.clients', 'SecureApi.ClientWithUndeclaredScopes');
  });
});

describe('SecureApi bad routes', () => {
  const route = (f: Fixture, method: string, path: string) => api(f).addRoute(method, path, f.query);

  test('a path without a leading slash', () => {
    expectPropError((f) => route(f, 'GET', 'findings'), 'addRoute path', 'SecureApi.RoutePathWithoutSlash');
  });

  test.each(['/findings/{orgId', '/findings/orgId}', '/findings/{{orgId}}'])('an unbalanced brace: %s', (path) => {
    expectPropError((f) => route(f, 'GET', path), 'addRoute path', 'SecureApi.UnbalancedRoutePath');
  });

  test('a parameter that is not a whole segment', () => {
    expectPropError((f) => route(f, 'GET', '/findings/id-{orgId}'), 'addRoute path', 'SecureApi.InvalidRoutePath');
  });

  test('a method that is not a route method', () => {
    expectPropError((f) => route(f, 'ANY', '/findings'), 'addRoute method', 'SecureApi.InvalidRouteMethod');
  });

  test('the same method and path twice', () => {
    expectPropError((f) => {
      const secure = api(f);
      secure.addRoute('GET', '/findings/{orgId}', f.query);
      secure.addRoute('get', '/findings/{orgId}/', f.ingest);
    }, 'addRoute', 'SecureApi.RouteAddedTwice');
  });

  test('a Cognito route without scopes', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.cognitoClientCredentials({ scopes: ['findings.read'] }) })
      .addRoute('GET', '/findings', f.query), 'addRoute GET /findings scopes', 'SecureApi.RouteWithUndeclaredScopes');
  });

  test('a Cognito route with an undeclared scope', () => {
    expectPropError((f) => api(f, { authorization: ApiAuthorization.cognitoClientCredentials({ scopes: ['findings.read'] }) })
      .addRoute('GET', '/findings', f.query, { scopes: ['findings.admin'] }), 'addRoute GET /findings scopes', 'SecureApi.RouteWithUndeclaredScopes');
  });

  test('an unauthenticated route without a reason', () => {
    expectPropError((f) => api(f).addUnauthenticatedRoute('GET', '/health', f.query, { reason: ' ' }),
      'addUnauthenticatedRoute reason', 'SecureApi.UnauthenticatedRouteWithoutReason');
  });

  test('a request schema on a route that accepts no JSON', () => {
    expectPropError((f) => api(f).addRoute('POST', '/upload', f.ingest, { contentTypes: ['text/csv'], requestSchema: { type: apigw.JsonSchemaType.OBJECT } }),
      'addRoute POST /upload requestSchema', 'SecureApi.SchemaWithoutJsonContentType');
  });

  test('a content type that is not a media type', () => {
    expectPropError((f) => api(f).addRoute('POST', '/upload', f.ingest, { contentTypes: ['json'] }),
      'addRoute POST /upload contentTypes', 'SecureApi.InvalidContentTypes');
  });

  test('a handler that is no function', () => {
    expectPropError((f) => api(f).addRoute('GET', '/x', f.keys as any), 'addRoute handler', 'SecureApi.InvalidRouteHandler');
  });

  test('an IAM grant on an API without IAM authorization', () => {
    expectPropError((f) => {
      const secure = api(f, { authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')] }), domain: mtlsDomain(f.stack) });
      secure.grantInvoke(f.ingest, 'GET', '/findings');
    }, 'grantInvoke', 'SecureApi.IamGrantWithoutIamAuthorization');
  });
});

describe('SecureApi errors only the finished API shows', () => {
  test('an API with no routes fails synthesis', () => {
    const f = fixture();
    api(f);
    const errors = synthErrors(f.stack);
    expect(failureCodes(errors)).toEqual(['SecureApi.NoRoutes']);
    // The path once (CDK prints it; the message does not repeat it), then the prop, the problem and the fix.
    expect(errors).toMatch(/^ *\[Test\/Api\] routes: the API has no routes\. Fix: add at least one with addRoute \(SecureApi\.NoRoutes\)$/m);
  });

  test('an OU mapped to a route the API does not have fails synthesis, naming the routes it has', () => {
    const f = fixture();
    const secure = api(f, {
      authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')], mappings: [{ ou: 'scanners', routes: ['POST /finding'] }] }),
      domain: mtlsDomain(f.stack),
    });
    secure.addRoute('POST', '/findings', f.ingest);
    const errors = synthErrors(f.stack);
    expect(failureCodes(errors)).toEqual(['SecureApi.MappedRouteNotAdded']);
    expect(errors).toContain(
      "[Test/Api] authorization.mappings: OU 'scanners' is mapped to 'POST /finding', which is not a route of this API. " +
      'Fix: add the route with addRoute, or correct the mapping (routes: POST /findings)');
  });
});
