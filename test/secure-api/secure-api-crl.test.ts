import { createPublicKey, X509Certificate } from 'node:crypto';
import { CfnParameter, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { fixture, mtlsDomain } from './fixtures';
import { ApiAuthorization, CertificateOuAuthorizationOptions, CertificateRevocationListSource, SecureApi, TrustedIssuer } from '../../src/secure-api';
import { selfSignedCertificate } from '../support/ca-certificates';
import { TestCertificateAuthority } from '../support/certificate-authority';
import { withCode } from '../support/failures';
import { IamModel, viaService } from '../support/iam';
import { acknowledgements, nagErrors, nagWarnings } from '../support/nag';

/**
 * Certificate revocation lists published in S3, construct side: what the authorizer may read,
 * what its environment tells it, and the props synthesis refuses.
 */
const ISSUER = 'CN=Example Private CA,O=Example Corp,C=US';
const ca = TestCertificateAuthority.create('/C=US/O=Example Corp/CN=Example Private CA');
const rsaCa = TestCertificateAuthority.create('/O=Partner/CN=Partner CA', 'rsa-2048');

afterAll(() => {
  ca?.dispose();
  rsaCa?.dispose();
});

function api(options: Partial<CertificateOuAuthorizationOptions>, sources?: (f: ReturnType<typeof fixture>) => CertificateRevocationListSource[]) {
  const f = fixture();
  const secureApi = new SecureApi(f.stack, 'Api', {
    keys: f.keys,
    authorization: ApiAuthorization.certificateOu({
      trustedIssuers: [TrustedIssuer.fromDistinguishedName(ISSUER)],
      ...options,
      certificateRevocationLists: sources ? sources(f) : options.certificateRevocationLists,
    }),
    domain: mtlsDomain(f.stack),
  });
  secureApi.addRoute('GET', '/findings/{orgId}', f.query);
  return { ...f, api: secureApi };
}

function crlOf(bucketName: string, key = 'crl/example.crl', pem = ca.certificatePem) {
  return (f: ReturnType<typeof fixture>): CertificateRevocationListSource[] => [{
    bucket: s3.Bucket.fromBucketName(f.stack, `Crl${bucketName}`, bucketName), key, issuerCertificatePem: pem,
  }];
}

function authorizerEnvironment(template: Template): Record<string, string> {
  const functions = template.findResources('AWS::Lambda::Function', { Properties: { Description: { 'Fn::Join': ['', ['Certificate-OU authorizer of ', 'Default/Api']] } } });
  const [fn] = Object.values(functions).length ? Object.values(functions) : Object.values(template.findResources('AWS::Lambda::Function'))
    .filter((r: any) => String(r.Properties.Description ?? '').startsWith('Certificate-OU authorizer'));
  return (fn as any).Properties.Environment.Variables;
}

describe('the authorizer is told the CA by its name and key, compactly', () => {
  test('bucket, key, the CA subject DER and SubjectPublicKeyInfo DER, maximum age', () => {
    const { stack, api: secureApi } = api({ revocationListRefreshSeconds: 120 }, (f) => [
      ...crlOf('example-crls')(f),
      { bucket: s3.Bucket.fromBucketName(f.stack, 'PartnerCrls', 'partner-crls'), key: 'partner.crl', issuerCertificatePem: rsaCa.certificatePem, maxAge: Duration.hours(36) },
    ]);
    const env = authorizerEnvironment(Template.fromStack(stack));
    const lists = JSON.parse(env.CERTIFICATE_REVOCATION_LISTS);
    // The oracle is the certificate itself, read by Node's crypto and by openssl, not by our DER reader.
    const x509 = new X509Certificate(ca.certificatePem);
    expect(lists[0]).toEqual({
      bucket: 'example-crls',
      key: 'crl/example.crl',
      issuer: expect.any(String),
      publicKey: x509.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      maxAgeSeconds: 7 * 24 * 3600,
    });
    expect(Buffer.from(x509.raw).includes(Buffer.from(lists[0].issuer, 'base64'))).toBe(true);
    expect(Buffer.from(lists[0].issuer, 'base64').toString('latin1')).toContain('Example Private CA');
    expect(createPublicKey({ key: Buffer.from(lists[1].publicKey, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType).toBe('rsa');
    expect(lists[1].maxAgeSeconds).toBe(36 * 3600);
    expect(env.REVOCATION_LIST_REFRESH_SECONDS).toBe('120');
    // The whole environment stays under Lambda's 4 KB.
    expect(Buffer.byteLength(Object.entries(env).map(([k, v]) => k + (typeof v === 'string' ? v : JSON.stringify(v))).join(''))).toBeLessThan(4096);
    expect(secureApi.maxCrlRevocationDelaySeconds).toBe(300 + 120);
  });

  test('without CRLs nothing is set and no delay is stated', () => {
    const { stack, api: secureApi } = api({});
    const env = authorizerEnvironment(Template.fromStack(stack));
    expect(env.CERTIFICATE_REVOCATION_LISTS).toBeUndefined();
    expect(secureApi.maxCrlRevocationDelaySeconds).toBeUndefined();
  });

  test('the delay bound is API Gateway\'s TTL plus the default refresh of 300 s', () => {
    expect(api({ cacheTtlSeconds: 60 }, crlOf('example-crls')).api.maxCrlRevocationDelaySeconds).toBe(60 + 300);
    expect(api({ cacheTtlSeconds: 0, revocationListRefreshSeconds: 10 }, crlOf('example-crls')).api.maxCrlRevocationDelaySeconds).toBe(10);
  });
});

describe("the authorizer's role reads exactly the CRL objects, in the IAM simulator", () => {
  const model = () => {
    const { stack } = api({}, (f) => [{
      // The CA's bucket with its own key (a key policy that delegates to the account's IAM, as kms.Key's default does).
      bucket: new s3.Bucket(f.stack, 'Crls', {
        bucketName: 'example-crls', encryption: s3.BucketEncryption.KMS, encryptionKey: new kms.Key(f.stack, 'CrlKey'),
      }),
      key: 'crl/example.crl',
      issuerCertificatePem: ca.certificatePem,
    }]);
    const iamModel = new IamModel(Template.fromStack(stack).toJSON());
    const [role] = iamModel.logicalIds('AWS::IAM::Role').filter((id) => id.startsWith('ApiCertificateOuAuthorizerFunctionServiceRole'));
    const crlKey = iamModel.logicalIds('AWS::KMS::Key').find((id) => id.startsWith('CrlKey'))!;
    return { iamModel, role, crlKey };
  };
  const { iamModel, role, crlKey } = model();
  const decide = (action: string, resource: string, context?: Record<string, string>) =>
    iamModel.decide({ role, action, resource, context, key: resource.startsWith('arn:aws:kms') ? crlKey : undefined });
  const OBJECT = 'arn:aws:s3:::example-crls/crl/example.crl';
  const KEY = iamModel.arnOf(crlKey);

  test('may get the CRL object', async () => {
    expect(await decide('s3:GetObject', OBJECT)).toEqual('Allowed');
  });

  test.each([
    ['s3:GetObject', 'arn:aws:s3:::example-crls/crl/other.crl'],
    ['s3:GetObject', 'arn:aws:s3:::example-crls/crl/example.crl.old'],
    ['s3:GetObject', 'arn:aws:s3:::other-bucket/crl/example.crl'],
    ['s3:PutObject', OBJECT],
    ['s3:GetObjectVersion', OBJECT],
    ['s3:DeleteObject', OBJECT],
    ['s3:ListBucket', 'arn:aws:s3:::example-crls'],
  ])('may not %s on %s', async (action, resource) => {
    expect(await decide(action, resource)).not.toEqual('Allowed');
  });

  test("may decrypt with the bucket's key through S3 only, and never encrypt", async () => {
    const viaS3 = viaService('s3');
    expect(await decide('kms:Decrypt', KEY, viaS3)).toEqual('Allowed');
    expect(await decide('kms:Decrypt', KEY)).not.toEqual('Allowed');
    expect(await decide('kms:Encrypt', KEY, viaS3)).not.toEqual('Allowed');
    expect(await decide('kms:Decrypt', KEY.replace(/key\/.*/, 'key/other'), viaS3)).not.toEqual('Allowed');
  });

  test('a bucket without a known key gets no KMS statement', () => {
    const { stack } = api({}, crlOf('example-crls'));
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))
      .concat(Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const s3Statements = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('s3:')));
    expect(s3Statements).toEqual([expect.objectContaining({ Action: 's3:GetObject' })]);
  });
});

describe('bad CRL props fail synthesis, naming the prop and the fix', () => {
  const leafPem = () => ca.issue('/CN=client/OU=scanners', '1001').clientCertPem;

  test('the message names the construct path, the prop, the fix and the code', () => {
    expect(() => api({}, crlOf('bkt', 'k', 'not a certificate'))).toThrow(new RegExp(
      '^\\[Test/Api\\] authorization\\.certificateRevocationLists\\[0\\]\\.issuerCertificatePem: it is not a PEM X\\.509 certificate\\. ' +
      "Fix: paste the issuing CA's certificate, .* \\(SecureApi\\.CrlIssuerNotPem\\)$"));
  });

  test.each<[string, (f: ReturnType<typeof fixture>) => CertificateRevocationListSource[], string]>([
    ['not PEM', crlOf('bkt', 'k', 'not a certificate'), 'SecureApi.CrlIssuerNotPem'],
    ['a client certificate', (f) => crlOf('bkt', 'k', leafPem())(f),
      'SecureApi.CrlIssuerNotCa'],
    ['a CA with a 1024-bit RSA key', crlOf('bkt', 'k', selfSignedCertificate({ subject: '/O=Example Corp/CN=Weak CA', key: 'rsa:1024' })),
      'SecureApi.CrlIssuerWeakKey'],
    ['a wildcard key', crlOf('bkt', 'crl/*'), 'SecureApi.CrlKeyWildcard'],
    ['a ? key', crlOf('bkt', 'crl/?.crl'), 'SecureApi.CrlKeyWildcard'],
    ['an empty key', crlOf('bkt', ''), 'SecureApi.CrlKeyLengthOutOfRange'],
    ['a key over 1024 bytes', crlOf('bkt', 'é'.repeat(513)), 'SecureApi.CrlKeyLengthOutOfRange'],
    ['a key of Latin-1 characters is accepted', crlOf('bkt', 'crl/Zertifikatsperrliste-é (1).crl'), 'none'],
    ['none', () => [], 'SecureApi.CrlCountOutOfRange'],
    ['five', (f) => [1, 2, 3, 4, 5].flatMap((i) => crlOf(`bkt${i}`)(f)), 'SecureApi.CrlCountOutOfRange'],
    ['the same object twice', (f) => {
      const [source] = crlOf('bkt')(f);
      return [source, { ...source, bucket: s3.Bucket.fromBucketName(f.stack, 'Again', 'bkt') }];
    }, 'SecureApi.CrlNamedTwice'],
    ['a zero max age', (f) => [{ ...crlOf('bkt')(f)[0], maxAge: Duration.seconds(0) }], 'SecureApi.CrlMaxAgeOutOfRange'],
    ['a 400-day max age', (f) => [{ ...crlOf('bkt')(f)[0], maxAge: Duration.days(400) }], 'SecureApi.CrlMaxAgeOutOfRange'],
    ['a control character in the key', crlOf('bkt', 'crl/\n.crl'), 'SecureApi.CrlKeyCharacters'],
    ['a character past U+00FF in the key', crlOf('bkt', 'crl/研究.crl'), 'SecureApi.CrlKeyCharacters'],
    ['a policy variable in the key', crlOf('bkt', 'crl/${aws:username}.crl'), 'SecureApi.CrlKeyPolicyVariable'],
  ])('%s', (_, sources, code) => {
    if (code === 'none') {
      expect(() => api({}, sources)).not.toThrow();
    } else {
      expect(() => api({}, sources)).toThrow(withCode(code));
    }
  });

  test('an Ed25519 CA', () => {
    const edCa = TestCertificateAuthority.create('/O=Example Corp/CN=Edwards CA', 'ed25519');
    try {
      expect(() => api({}, crlOf('bkt', 'k', edCa.certificatePem))).toThrow(withCode('SecureApi.CrlIssuerKeyType'));
    } finally {
      edCa.dispose();
    }
  });

  test('a CA whose subject holds an attribute API Gateway may render in its own way', () => {
    const mailCa = TestCertificateAuthority.create('/O=Example Corp/CN=Mail CA/emailAddress=pki@example.com');
    try {
      expect(() => api({}, crlOf('bkt', 'k', mailCa.certificatePem)))
        .toThrow(withCode('SecureApi.CrlIssuerSubjectUnmatchable'));
    } finally {
      mailCa.dispose();
    }
  });

  test('too many RSA CAs for the 4 KB environment', () => {
    const big = [1, 2, 3, 4].map((i) => TestCertificateAuthority.create(`/O=Example Corp ${'x'.repeat(45)}/CN=Big CA ${i} ${'y'.repeat(50)}`, 'rsa-2048'));
    try {
      expect(() => api({}, (f) => big.map((c, i) => crlOf(`bkt${i}`, `crl/${'k'.repeat(400)}.crl`, c.certificatePem)(f)[0])))
        .toThrow(withCode('SecureApi.AuthorizerEnvironmentTooLarge'));
    } finally {
      big.forEach((c) => c.dispose());
    }
  });

  test.each([9, 3601, 12.5])('a refresh interval of %s s', (seconds) => {
    expect(() => api({ revocationListRefreshSeconds: seconds }, crlOf('bkt')))
      .toThrow(withCode('SecureApi.CrlRefreshOutOfRange'));
  });

  test('a refresh interval without CRLs', () => {
    expect(() => api({ revocationListRefreshSeconds: 60 })).toThrow(withCode('SecureApi.CrlRefreshWithoutCrl'));
  });

  test('a key known only at deploy time', () => {
    expect(() => api({}, (f) => [{ ...crlOf('bkt')(f)[0], key: new CfnParameter(f.stack, 'K').valueAsString }]))
      .toThrow(withCode('SecureApi.CrlKeyNotLiteral'));
  });
});

describe('cdk-nag packs on an API that reads CRLs', () => {
  test('no unacknowledged errors or warnings, and no acknowledgement added for the CRL grants', () => {
    const { stack } = api({}, (f) => [{
      bucket: s3.Bucket.fromBucketAttributes(f.stack, 'Crls', {
        bucketName: 'example-crls',
        encryptionKey: kms.Key.fromKeyArn(f.stack, 'CrlKey', 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555'),
      }),
      key: 'crl/example.crl',
      issuerCertificatePem: ca.certificatePem,
    }]);
    expect(nagErrors(stack)).toEqual([]);
    expect(nagWarnings(stack)).toEqual([]);
    const withoutCrls = api({}).stack;
    expect(acknowledgements(stack)).toEqual(acknowledgements(withoutCrls));
  });
});
