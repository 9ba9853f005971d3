import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { fixture, Fixture, synth } from './fixtures';
import { ApiAuthorization, CognitoClientCredentialsOptions, SecureApi, SecureApiProps } from '../../src/secure-api';

/*
 * What synthesis accepts, CloudFormation must accept. The cases are written by hand from the
 * resource schemas (AWS::Cognito::UserPoolResourceServer ScopeName `[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+`
 * 1-256, Identifier `[\x21\x23-\x5B\x5D-\x7E]+` 1-256, Name `[\w\s+=,.@-]+` 1-256;
 * AWS::Cognito::UserPoolClient ClientName `[\w\s+=,.@-]+` 1-128, AllowedOAuthScopes items at most
 * 256; AWS::Cognito::UserPoolDomain Domain `^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`) and API
 * Gateway's stage-name rule (letters, digits, `-`, `_`, at most 128).
 */
function cognitoApi(f: Fixture, options: Partial<CognitoClientCredentialsOptions>, props: Partial<SecureApiProps> = {}): SecureApi {
  const api = new SecureApi(f.stack, 'Api', {
    keys: f.keys,
    authorization: ApiAuthorization.cognitoClientCredentials({ scopes: ['orders.write'], ...options }),
    ...props,
  });
  api.addRoute('POST', '/orders', f.ingest, { scopes: [(options.scopes ?? ['orders.write'])[0]] });
  return api;
}

function propError(build: (f: Fixture) => unknown): string {
  const f = fixture();
  try {
    build(f);
    synth(f.stack);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('SecureApi refuses at synthesis what CloudFormation refuses at deploy', () => {
  test.each(['orders/write', 'orders write', 'say "hi"', 'back\\slash', '', 'x'.repeat(257)])('Cognito scope name %p', (name) => {
    const error = propError((f) => cognitoApi(f, { scopes: [name] }));
    expect(error).toContain('[Test/Api] authorization.scopes:');
    expect(error).toContain('is not a Cognito scope name');
    expect(error).toContain("Fix: use printable ASCII without spaces, '\"', '/' or '\\'");
  });

  test.each(['has space', 'quote"d', 'back\\slash', 'é', 'x'.repeat(257)])('resource server identifier %p', (identifier) => {
    expect(propError((f) => cognitoApi(f, { resourceServerIdentifier: identifier })))
      .toMatch(/^\[Test\/Api\] authorization\.resourceServerIdentifier: .* is not a Cognito resource server identifier: .*Fix: /);
  });

  test('an identifier and scope longer than 256 together, as an app client would request them', () => {
    expect(propError((f) => cognitoApi(f, { resourceServerIdentifier: 'i'.repeat(200), scopes: ['s'.repeat(60)] })))
      .toMatch(/\[Test\/Api\] authorization\.scopes: .* is not a client's OAuth scope .*outside 1 to 256/);
  });

  test.each(['scanner/1', 'scanner:prod', 'naïve', '', 'c'.repeat(129)])('app client name %p', (name) => {
    expect(propError((f) => cognitoApi(f, { clients: [{ name, scopes: ['orders.write'] }] })))
      .toMatch(/\[Test\/Api\] authorization\.clients: .* is not a Cognito app client name/);
  });

  test.each(['Orders', '-orders', 'orders-', 'orders.auth', 'my-aws-login', 'amazon-orders', 'cognito1', 'o'.repeat(64)])('domain prefix %p', (domainPrefix) => {
    expect(propError((f) => cognitoApi(f, { domainPrefix })))
      .toMatch(/\[Test\/Api\] authorization\.domainPrefix: .* is not a Cognito domain prefix/);
  });

  test.each(['prod stage', 'v1.0', 'prod/eu', 's'.repeat(129), ''])('stage name %p', (stageName) => {
    expect(propError((f) => cognitoApi(f, {}, { stageName })))
      .toMatch(/\[Test\/Api\] stageName: .* is not an API Gateway stage name/);
  });

  // aws-cdk-lib's Resource (and so API Gateway's PathPart) takes only [a-zA-Z0-9:._-$] in a literal segment.
  test.each(['/~user', '/orders/@me', '/a/b c', '/ordénes'])('route path %p', (path) => {
    expect(propError((f) => cognitoApi(f, {}).addRoute('GET', path, f.query, { scopes: ['orders.write'] })))
      .toMatch(/\[Test\/Api\] addRoute path: .*Fix: /);
  });

  test.each(['v1/beta', 'v 1', 'vé'])('domain base path %p', (basePath) => {
    expect(propError((f) => cognitoApi(f, {}, {
      domain: { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(f.stack, 'C', 'arn:aws:acm:us-east-1:111111111111:certificate/x'), basePath },
    }))).toMatch(/\[Test\/Api\] domain\.basePath: .* is not a single-level API Gateway base path/);
  });

  test('a URL identifier (as AWS recommends) deploys: it stays the Identifier, and a valid Name is derived from it', () => {
    const f = fixture();
    cognitoApi(f, { resourceServerIdentifier: 'https://orders.example.com/api', domainPrefix: 'orders-auth-1' });
    synth(f.stack);
    const template = Template.fromStack(f.stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'https://orders.example.com/api',
      Name: 'https---orders.example.com-api',
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationScopes: ['https://orders.example.com/api/orders.write'] });
  });

  test('valid edge values are accepted', () => {
    const f = fixture();
    cognitoApi(f, {
      scopes: ['s'.repeat(100)],
      resourceServerIdentifier: 'i'.repeat(155),
      clients: [{ name: 'Scanner +=,.@-_ 1', scopes: ['s'.repeat(100)] }],
      domainPrefix: 'a'.repeat(63),
    }, { stageName: 'v1_beta-2' });
    expect(() => synth(f.stack)).not.toThrow();
  });
});
