import { X509Certificate } from 'node:crypto';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { fixture, mtlsDomain, synthErrors } from './fixtures';
import { ApiAuthorization, CertificateOuAuthorizationOptions, SecureApi, TrustedIssuer } from '../../src/secure-api';
import { selfSignedCertificate } from '../support/ca-certificates';
import { certificateAuthorityPem, issueCertificates } from '../support/certificates';
import { failureCodes, withCode } from '../support/failures';

/** The review's route table: a parameter route and its literal sibling, mapped to different OUs. */
function reviewApi(options: Partial<CertificateOuAuthorizationOptions> = {}) {
  const f = fixture();
  const api = new SecureApi(f.stack, 'Api', {
    keys: f.keys,
    authorization: ApiAuthorization.certificateOu({
      trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')],
      mappings: [
        { ou: 'customers-acme', routes: ['GET /findings/{orgId}'] },
        { ou: 'auditors', routes: ['GET /findings/export'] },
      ],
      ...options,
    }),
    domain: mtlsDomain(f.stack),
  });
  api.addRoute('GET', '/findings/{orgId}', f.query);
  api.addRoute('GET', '/findings/export', f.query);
  return { ...f, api };
}

function authorizerOf(api: SecureApi): apigw.CfnAuthorizer {
  return api.node.findAll().find((c): c is apigw.CfnAuthorizer => c instanceof apigw.CfnAuthorizer)!;
}

describe('certificate-OU authorization: the route is part of every cached decision', () => {
  test('the review\'s route table synthesizes, with the route in the cache key', () => {
    const { stack } = reviewApi();
    expect(synthErrors(stack)).toBe('');
    const [authorizer] = Object.values(Template.fromStack(stack).findResources('AWS::ApiGateway::Authorizer')) as any[];
    expect(authorizer.Properties.IdentitySource.split(',')).toEqual(expect.arrayContaining(['context.httpMethod', 'context.resourceId']));
  });

  test('an escape hatch that drops the route from the cache key fails synthesis, naming the OU and both routes', () => {
    const { stack, api } = reviewApi();
    authorizerOf(api).addPropertyOverride('IdentitySource',
      'context.identity.clientCert.issuerDN,context.identity.clientCert.serialNumber,context.identity.clientCert.subjectDN');

    const errors = synthErrors(stack);
    expect(errors).toContain("[Test/Api] authorization: a decision cached for OU 'customers-acme' on 'GET /findings/{orgId}' " +
      "would also open 'GET /findings/export'");
    expect(errors).toContain('Fix: keep those identity sources, or set cacheTtlSeconds to 0');
  });

  test('the same override with caching off (the documented fallback) synthesizes', () => {
    const { stack, api } = reviewApi({ cacheTtlSeconds: 0 });
    authorizerOf(api).addPropertyOverride('IdentitySource', 'context.identity.clientCert.serialNumber');
    expect(synthErrors(stack)).toBe('');
  });

  test('dropping the route from the key fails even where no pattern overlaps (decisions would leak across routes)', () => {
    const f = fixture();
    const api = new SecureApi(f.stack, 'Api', {
      keys: f.keys,
      authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')], mappings: [{ ou: 'scanners', routes: ['POST /findings'] }] }),
      domain: mtlsDomain(f.stack),
    });
    api.addRoute('POST', '/findings', f.ingest);
    authorizerOf(api).addPropertyOverride('IdentitySource', 'context.identity.clientCert.serialNumber');
    expect(failureCodes(synthErrors(f.stack))).toEqual(['SecureApi.CacheKeyWithoutRoute']);
  });
});

describe('certificate-OU authorization: a decision cached for a pinned issuer\'s certificate is served to that certificate only', () => {
  // With an issuer pinned by key, a same-DN CA's copy of a genuine certificate (same issuerDN,
  // serialNumber and subjectDN) must not be served the genuine one's cached Allow: the certificate
  // itself (clientCertPem) is in the key (test/secure-api/runtime/cache-key.model.test.ts).
  const PEM_SOURCE = 'context.identity.clientCert.clientCertPem';
  const pinned = (where: 'api' | 'mapping', cacheTtlSeconds?: number) => {
    const issuer = TrustedIssuer.fromCertificatePem(certificateAuthorityPem('/CN=Pinned CA'));
    return reviewApi(where === 'api' ? { trustedIssuers: [issuer], cacheTtlSeconds } : {
      cacheTtlSeconds,
      mappings: [{ ou: 'customers-acme', routes: ['GET /findings/{orgId}'], issuers: [issuer] }, { ou: 'auditors', routes: ['GET /findings/export'] }],
    });
  };
  const withoutPem = 'context.identity.clientCert.issuerDN,context.identity.clientCert.serialNumber,context.identity.clientCert.subjectDN,' +
    'context.httpMethod,context.resourceId';

  test.each(['api', 'mapping'] as const)('an escape hatch that drops %s\'s pinned certificate from the cache key fails synthesis', (where) => {
    expect(synthErrors(pinned(where).stack)).toBe('');
    const { stack, api } = pinned(where);
    authorizerOf(api).addPropertyOverride('IdentitySource', withoutPem);
    const errors = synthErrors(stack);
    expect(failureCodes(errors)).toEqual(['SecureApi.CacheKeyWithoutCertificate']);
    expect(errors).toContain(`keep ${PEM_SOURCE}, or set cacheTtlSeconds to 0`);
  });

  test('the same override with caching off, or with issuers named by DN only, synthesizes', () => {
    const { stack, api } = pinned('api', 0);
    authorizerOf(api).addPropertyOverride('IdentitySource', withoutPem);
    expect(synthErrors(stack)).toBe('');
    const byDn = reviewApi();
    authorizerOf(byDn.api).addPropertyOverride('IdentitySource', withoutPem);
    expect(synthErrors(byDn.stack)).toBe('');
  });
});

describe('certificates with several mapped OUs', () => {
  const environment = (api: SecureApi) => {
    const fn = Template.fromStack(api.authorizerFunction!.function.stack).toJSON().Resources;
    const authorizer = Object.values(fn as Record<string, any>).find((r) => r.Properties?.Description?.startsWith('Certificate-OU authorizer'));
    return authorizer.Properties.Environment.Variables;
  };

  test('are denied by default: the authorizer gets no ALLOW_SEVERAL_MAPPED_OUS', () => {
    expect(environment(reviewApi().api).ALLOW_SEVERAL_MAPPED_OUS).toBeUndefined();
  });

  test('get the union only with a reason', () => {
    const { api } = reviewApi({ unsafeAllowSeveralMappedOusReason: 'Our CA issues one OU per team and auditors may be on two teams' });
    expect(environment(api).ALLOW_SEVERAL_MAPPED_OUS).toBe('true');
  });

  test('an empty reason is refused', () => {
    expect(() => reviewApi({ unsafeAllowSeveralMappedOusReason: '  ' }))
      .toThrow(withCode('SecureApi.EmptySeveralOusReason'));
  });
});

describe('how long a removed mapping can still be honoured', () => {
  test('API Gateway\'s TTL plus the authorizer\'s mapping cache TTL', () => {
    expect(reviewApi().api.maxMappingStalenessSeconds).toBe(300 + 60);
    expect(reviewApi({ cacheTtlSeconds: 30, mappingCacheTtlSeconds: 10 }).api.maxMappingStalenessSeconds).toBe(40);
    expect(reviewApi({ cacheTtlSeconds: 0, mappingCacheTtlSeconds: 0 }).api.maxMappingStalenessSeconds).toBe(0);
  });

  test('is not defined for other modes', () => {
    const f = fixture();
    expect(new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.iam() }).maxMappingStalenessSeconds).toBeUndefined();
  });
});

describe('policy resources stay within 512 characters', () => {
  test('a route whose execute-api ARN could be longer fails synthesis, naming it', () => {
    const f = fixture();
    const api = new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.iam() });
    const long = `/${'segment-'.repeat(60)}x/{id}`; // 486 characters of path
    api.addRoute('GET', long, f.query);
    api.addRoute('GET', '/short', f.query);

    const errors = synthErrors(f.stack);
    expect(errors).toContain(`[Test/Api] addRoute path: the execute-api ARN of 'GET ${long}' can be `);
    expect(errors).toContain('over the 512 a policy resource may have');
    expect(errors).not.toContain("'GET /short'");
  });

  test('the longest route that fits synthesizes', () => {
    const f = fixture();
    const api = new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.iam() });
    // The partition is unknown at synthesis, so its longest value counts; the region and account are known.
    const fixed = `arn:aws-us-gov:execute-api:${f.stack.region}:${f.stack.account}:abcdefghij/prod/GET`.length;
    api.addRoute('GET', `/${'a'.repeat(512 - fixed - 1)}`, f.query);
    expect(synthErrors(f.stack)).toBe('');
  });
});

describe('IAM grantInvoke never grants a route it was not asked for', () => {
  function iamApi() {
    const f = fixture();
    const api = new SecureApi(f.stack, 'Api', { keys: f.keys, authorization: ApiAuthorization.iam() });
    const caller = new iam.Role(f.stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    return { ...f, api, caller };
  }

  test('a grant on a parameter route with a literal sibling fails synthesis, naming both routes and the options', () => {
    const { stack, api, caller, query } = iamApi();
    api.addRoute('GET', '/findings/{orgId}', query);
    api.grantInvoke(caller, 'GET', '/findings/{orgId}');
    api.addRoute('GET', '/findings/export', query); // added after the grant: still seen

    const errors = synthErrors(stack);
    expect(errors).toContain("[Test/Api] grantInvoke: the grant on 'GET /findings/{orgId}' would also let its grantee call 'GET /findings/export'");
    expect(errors).toContain('Fix: give one of the two routes a path the other cannot match');
  });

  test('a deeper route is reached too', () => {
    const { stack, api, caller, query } = iamApi();
    api.addRoute('GET', '/findings/{orgId}', query);
    api.addRoute('GET', '/findings/{orgId}/notes', query);
    api.grantInvoke(caller, 'GET', '/findings/{orgId}');
    expect(synthErrors(stack)).toContain("would also let its grantee call 'GET /findings/{orgId}/notes'");
  });

  test('granting the grantee both routes is what it asked for', () => {
    const { stack, api, caller, query } = iamApi();
    api.addRoute('GET', '/findings/{orgId}', query);
    api.addRoute('GET', '/findings/export', query);
    api.grantInvoke(caller, 'GET', '/findings/{orgId}');
    api.grantInvoke(caller, 'GET', '/findings/export');
    expect(synthErrors(stack)).toBe('');
  });

  test('another grantee\'s grant on the sibling does not make it right', () => {
    const { stack, api, caller, query } = iamApi();
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
    api.addRoute('GET', '/findings/{orgId}', query);
    api.addRoute('GET', '/findings/export', query);
    api.grantInvoke(caller, 'GET', '/findings/{orgId}');
    api.grantInvoke(other, 'GET', '/findings/export');
    expect(synthErrors(stack)).toContain("the grant on 'GET /findings/{orgId}' would also let its grantee call 'GET /findings/export'");
  });

  test('literal routes, other methods and unrelated prefixes are exact', () => {
    const { stack, api, caller, query } = iamApi();
    api.addRoute('GET', '/findings/export', query);
    api.addRoute('GET', '/findings/{orgId}', query);
    api.addRoute('POST', '/findings/{orgId}/notes', query);
    api.addRoute('GET', '/reports/{id}', query);
    api.grantInvoke(caller, 'GET', '/findings/export');
    api.grantInvoke(caller, 'GET', '/reports/{id}');
    expect(synthErrors(stack)).toBe('');
  });
});

describe('revocation without a deploy', () => {
  test('a revocation table the authorizer may only GetItem on, named in its environment', () => {
    const { stack, api } = reviewApi();
    const template = Template.fromStack(stack);
    const revocations = stack.resolve(api.revocationTable!.tableName);
    const functions = template.findResources('AWS::Lambda::Function');
    const authorizer = Object.values(functions as Record<string, any>).find((r) => r.Properties.Description?.startsWith('Certificate-OU authorizer'));
    expect(authorizer.Properties.Environment.Variables.REVOCATION_TABLE_NAME).toEqual(revocations);
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy') as Record<string, any>)
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement) => JSON.stringify(statement.Resource).includes(revocations.Ref));
    expect(statements.map((statement) => statement.Action)).toEqual(['dynamodb:GetItem']);
  });

  test('the longest revocation delay is API Gateway\'s TTL plus the revocation cache TTL', () => {
    expect(reviewApi().api.maxRevocationDelaySeconds).toBe(300 + 30);
    expect(reviewApi({ cacheTtlSeconds: 60, revocationCacheTtlSeconds: 5 }).api.maxRevocationDelaySeconds).toBe(65);
    expect(() => reviewApi({ revocationCacheTtlSeconds: 301 })).toThrow(withCode('SecureApi.CacheTtlOutOfRange'));
  });

  test('revocationItem normalizes the serial and refuses what is no certificate', () => {
    expect(JSON.parse(SecureApi.revocationItem('CN=CA', '00:0a:Bb', 'stolen'))).toEqual({ certificate: { S: 'ABB/CN="CA"' }, reason: { S: 'stolen' } });
    // Keyed on the canonical DN (revocation-format.ts): one `TYPE="value"` line per attribute, sorted.
    const canonical = { certificate: { S: 'ABB/C="US"\nCN="Example Private CA"\nO="Example Corp"' }, reason: { S: 'stolen' } };
    for (const spelling of ['CN=Example Private CA,O=Example Corp,C=US', 'c=US, o = Example Corp, cn=Example\\20Private CA', '2.5.4.3=Example Private CA+O=Example Corp,C=US']) {
      expect(JSON.parse(SecureApi.revocationItem(spelling, 'abb', 'stolen'))).toEqual(canonical);
    }
    expect(() => SecureApi.revocationItem('CN=a;b', 'ab', 'x')).toThrow(withCode('SecureApi.InvalidRevocationItem'));
    expect(() => SecureApi.revocationItem('CN=CA', 'not-hex', 'x')).toThrow(withCode('SecureApi.InvalidRevocationItem'));
    expect(() => SecureApi.revocationItem(' ', 'ab', 'x')).toThrow(withCode('SecureApi.InvalidRevocationItem'));
  });
});

describe('issuer binding at synthesis', () => {
  const api = (options: Partial<CertificateOuAuthorizationOptions>) => {
    const f = fixture();
    return () => new SecureApi(f.stack, 'Api', {
      keys: f.keys, authorization: ApiAuthorization.certificateOu(options as CertificateOuAuthorizationOptions), domain: mtlsDomain(f.stack),
    });
  };

  test('mappings with no trusted issuer fail, naming the OUs and what to add', () => {
    expect(api({ mappings: [{ ou: 'scanners', routes: ['POST /findings'] }, { ou: 'auditors', routes: ['GET /x'], issuers: [TrustedIssuer.fromDistinguishedName('CN=A')] }] }))
      .toThrow("[Test/Api] authorization.trustedIssuers: no issuer is trusted for the OU 'scanners', so any CA in the truststore " +
        'could issue it. Fix: name your CA: trustedIssuers: [TrustedIssuer.fromCertificatePem(caPem)]');
    expect(api({})).toThrow(withCode('SecureApi.MappingWithoutIssuer'));
  });

  test('every mapping naming its issuers needs no API default', () => {
    expect(api({ mappings: [{ ou: 'scanners', routes: ['POST /findings'], issuers: [TrustedIssuer.fromDistinguishedName('CN=Scanner CA')] }] })).not.toThrow();
  });

  test.each([
    [{ trustedIssuers: [TrustedIssuer.fromDistinguishedName('not a DN')] }, 'SecureApi.InvalidTrustedIssuer'],
    [{ trustedIssuers: [] }, 'SecureApi.TrustedIssuerCountOutOfRange'],
    [{ trustedIssuers: Array(11).fill(TrustedIssuer.fromDistinguishedName('CN=A')) }, 'SecureApi.TrustedIssuerCountOutOfRange'],
    [{ trustedIssuers: [TrustedIssuer.fromDistinguishedName(`CN=${'a'.repeat(300)}`)] }, 'SecureApi.InvalidTrustedIssuer'],
    [{ mappings: [{ ou: 'x', routes: ['GET /x'], issuers: [TrustedIssuer.fromDistinguishedName('CN=A,=B')] }] }, 'SecureApi.InvalidTrustedIssuer'],
  ])('%j is refused', (options, code) => {
    expect(api(options as Partial<CertificateOuAuthorizationOptions>)).toThrow(withCode(code));
  });

  test('the API default reaches the authorizer, an OU\'s own issuers its mapping item', () => {
    const { stack, api: secureApi } = reviewApi({
      mappings: [{ ou: 'partners', routes: ['GET /findings/{orgId}'], issuers: [TrustedIssuer.fromDistinguishedName('CN=Partner CA,O=Partner')] }],
    });
    const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function') as Record<string, any>);
    const authorizer = functions.find((r) => r.Properties.Description?.startsWith('Certificate-OU authorizer'));
    expect(JSON.parse(authorizer.Properties.Environment.Variables.TRUSTED_ISSUERS)).toEqual(['CN=Example Private CA,O=Example Corp,C=US']);
    expect(secureApi.ouMappingItems().map((item) => JSON.parse(item))).toEqual([
      { ou: { S: 'partners' }, routes: { L: [{ S: 'GET /findings/{orgId}' }] }, issuers: { L: [{ S: 'CN=Partner CA,O=Partner' }] } },
    ]);
  });
});

describe('an issuer pinned by its CA certificate', () => {
  const caPem = certificateAuthorityPem('/CN=Pinned CA/O=Example Corp');
  const spkiOf = (pem: string) => new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const api = (options: Partial<CertificateOuAuthorizationOptions>) => {
    const f = fixture();
    return () => new SecureApi(f.stack, 'Api', {
      keys: f.keys, authorization: ApiAuthorization.certificateOu(options as CertificateOuAuthorizationOptions), domain: mtlsDomain(f.stack),
    });
  };

  test('the authorizer is given the CA\'s public key (SubjectPublicKeyInfo, base64), the mapping item too', () => {
    const { stack, api: secureApi } = reviewApi({
      trustedIssuers: [TrustedIssuer.fromCertificatePem(caPem)],
      mappings: [{ ou: 'partners', routes: ['GET /findings/{orgId}'], issuers: [TrustedIssuer.fromCertificatePem(caPem), TrustedIssuer.fromDistinguishedName('CN=Old CA')] }],
    });
    const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function') as Record<string, any>);
    const authorizer = functions.find((r) => r.Properties.Description?.startsWith('Certificate-OU authorizer'));
    expect(JSON.parse(authorizer.Properties.Environment.Variables.TRUSTED_ISSUERS)).toEqual([{ publicKey: spkiOf(caPem) }]);
    expect(JSON.parse(secureApi.ouMappingItems()[0]).issuers).toEqual({ L: [{ M: { publicKey: { S: spkiOf(caPem) } } }, { S: 'CN=Old CA' }] });
  });

  test.each([
    ['a client (non-CA) certificate', () => issueCertificates(['/CN=client/OU=scanners'])[0].clientCertPem,
      "[Test/Api] authorization.trustedIssuers: the certificate of 'CN=client,OU=scanners' is not a CA certificate (its basic constraints do not say CA:TRUE), so it issues no client certificates. Fix: give the PEM of the CA", 'SecureApi.TrustedIssuerNotCa'],
    ['text that is no PEM', () => 'CN=Example Private CA', 'authorization.trustedIssuers: a CA certificate PEM holds one certificate, this text holds 0. Fix:', 'SecureApi.TrustedIssuerPemCount'],
    ['a PEM with a broken body', () => '-----BEGIN CERTIFICATE-----\nMIIBbroken\n-----END CERTIFICATE-----\n', 'authorization.trustedIssuers: the PEM is not a readable X.509 certificate. Fix:', 'SecureApi.TrustedIssuerPemUnreadable'],
    ['a bundle of two certificates', () => caPem + caPem, 'this text holds 2', 'SecureApi.TrustedIssuerPemCount'],
    ['a CA with a 1024-bit RSA key', () => selfSignedCertificate({ subject: '/CN=Weak CA', key: 'rsa:1024' }),
      "authorization.trustedIssuers: the certificate of 'CN=Weak CA' has a 1024-bit RSA key; API Gateway needs RSA-2048 or stronger. Fix:",
      'SecureApi.TrustedIssuerWeakKey'],
    ['a CA with a secp256k1 key', () => selfSignedCertificate({ subject: '/CN=Koblitz Curve CA', key: 'secp256k1' }),
      'has an EC key on secp256k1; API Gateway needs ECDSA-256 or stronger', 'SecureApi.TrustedIssuerWeakKey'],
  ])('%s is refused, naming the path, the prop and the fix', (_, pem, message, code) => {
    expect(api({ trustedIssuers: [TrustedIssuer.fromCertificatePem(pem())] })).toThrow(message);
    expect(api({ trustedIssuers: [TrustedIssuer.fromCertificatePem(pem())] })).toThrow(withCode(code));
  });

  test('a bad PEM on a mapping names the OU', () => {
    expect(api({ mappings: [{ ou: 'x', routes: ['GET /x'], issuers: [TrustedIssuer.fromCertificatePem('nope')] }] }))
      .toThrow("authorization.mappings (OU 'x') issuers: a CA certificate PEM holds one certificate");
  });

  test('CAs that would not fit Lambda\'s 4 KB environment fail synthesis; on the mappings they fit', () => {
    const rsaCa = certificateAuthorityPem('/CN=Big CA', ['-newkey', 'rsa:4096']);
    const pinned = Array(6).fill(TrustedIssuer.fromCertificatePem(rsaCa));
    expect(api({ trustedIssuers: pinned })).toThrow(withCode('SecureApi.AuthorizerEnvironmentTooLarge'));
    expect(api({ trustedIssuers: pinned })).toThrow(/authorization.trustedIssuers: the function's environment would take up to \d+ bytes, over Lambda's 4096 bytes for all environment variables together. Fix: pin fewer CAs in trustedIssuers, or name them on the mappings/);
    expect(api({ mappings: [{ ou: 'x', routes: ['GET /x'], issuers: pinned }] })).not.toThrow();
    expect(api({ trustedIssuers: pinned.slice(0, 4) })).not.toThrow();
  });
});

describe('OU text at synthesis', () => {
  test.each([
    ['an OU longer than RFC 5280 allows', 'x'.repeat(65)],
    ['a control character', 'ops\nadmins'],
    ['a lone surrogate', 'ops\uD800'],
  ])('%s is refused', (_, ou) => {
    expect(() => reviewApi({ mappings: [{ ou, routes: ['GET /findings/export'] }] }))
      .toThrow(withCode('SecureApi.InvalidOu'));
  });

  test('64 characters, Unicode and RFC 4514 specials are fine', () => {
    for (const ou of ['x'.repeat(64), '研究開発', 'Sales, EU+West', '#padded ']) {
      expect(() => reviewApi({ mappings: [{ ou, routes: ['GET /findings/export'] }] })).not.toThrow();
    }
  });
});
