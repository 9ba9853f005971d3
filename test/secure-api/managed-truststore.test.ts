import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Fixture, fixture } from './fixtures';
import { AuditTrail } from '../../src/audit-trail';
import { KeyUse } from '../../src/key-per-use-policy';
import { SecureServerlessChecks } from '../../src/nag';
import { ApiAuthorization, ManagedTruststore, SecureApi, SecureApiDomainOptions, TrustedIssuer } from '../../src/secure-api';
import { selfSignedCertificate } from '../support/ca-certificates';
import { withCode } from '../support/failures';
import { acknowledgementReasons, acknowledgements, nagErrors, nagWarnings } from '../support/nag';

/**
 * A construct-managed truststore: the CA bundle in the construct's own bucket, written at deploy
 * time, and the domain pinned to the object version that deployment wrote.
 */
const ROOT = selfSignedCertificate({ subject: '/CN=Example Root CA/O=Example Corp' });
const NEXT_ROOT = selfSignedCertificate({ subject: '/CN=Example Root CA 2/O=Example Corp' });
const LEAF = selfSignedCertificate({ subject: '/CN=scanner-01', ca: false });

function managedDomain(f: Fixture, truststorePem = ROOT): SecureApiDomainOptions {
  return {
    domainName: 'findings.example.com',
    certificate: acm.Certificate.fromCertificateArn(f.stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000'),
    truststorePem,
  };
}

function managedApi(f: Fixture = fixture(), domain: Partial<SecureApiDomainOptions> = {}): Fixture & { api: SecureApi } {
  const api = new SecureApi(f.stack, 'Api', {
    keys: f.keys,
    authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Root CA,O=Example Corp')] }),
    domain: { ...managedDomain(f), ...domain },
  });
  api.addRoute('POST', '/findings', f.ingest);
  api.addRoute('GET', '/findings/{orgId}', f.query);
  return { ...f, api };
}

const only = (resources: Record<string, any>) => {
  expect(Object.keys(resources)).toHaveLength(1);
  return Object.entries(resources)[0];
};

describe('a construct-managed truststore', () => {
  test('pins the domain to the object version its deployment wrote, in its own bucket', () => {
    const { stack, api } = managedApi();
    const template = Template.fromStack(stack);
    const [writerId, writer] = only(template.findResources('Custom::Truststore'));
    const bucketId = stack.getLogicalId(api.truststore!.bucket.node.defaultChild as s3.CfnBucket);
    expect(writer.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^ApiTruststoreWriter/), 'Arn'] },
      BucketName: { Ref: bucketId },
      ObjectKey: 'truststore.pem',
      Pem: ROOT,
    });
    const [, domain] = only(template.findResources('AWS::ApiGateway::DomainName'));
    expect(domain.Properties.MutualTlsAuthentication).toEqual({
      TruststoreUri: { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/truststore.pem']] },
      TruststoreVersion: { 'Fn::GetAtt': [writerId, 'VersionId'] },
    });
    expect(api.truststore!.objectKey).toBe('truststore.pem');
  });

  test('a changed bundle is a changed resource (a new version on deploy); a reformatted one is not', () => {
    const pemOf = (pem: string) => {
      const { stack } = managedApi(fixture(), { truststorePem: pem });
      return only(Template.fromStack(stack).findResources('Custom::Truststore'))[1].Properties.Pem;
    };
    expect(pemOf(`${ROOT}${NEXT_ROOT}`)).not.toEqual(pemOf(ROOT));
    expect(pemOf(`# roots\n${ROOT.replace(/\n/g, '\r\n')}\n`)).toEqual(pemOf(ROOT));
  });

  test('its bucket: SSE-KMS with the DATA key, versioned, TLS-only, private, access-logged, retained', () => {
    const { stack, api, keys } = managedApi();
    const template = Template.fromStack(stack);
    const bucketId = stack.getLogicalId(api.truststore!.bucket.node.defaultChild as s3.CfnBucket);
    const logBucketId = stack.getLogicalId(api.truststore!.accessLogBucket.node.defaultChild as s3.CfnBucket);
    const bucket = template.toJSON().Resources[bucketId];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: stack.resolve(keys.keyFor(KeyUse.DATA).keyArn) },
        }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId }, LogFilePrefix: 'truststore-bucket/' },
    });
    const policies = Object.values<any>(template.findResources('AWS::S3::BucketPolicy'));
    const own = policies.find((policy) => policy.Properties.Bucket.Ref === bucketId);
    expect(own.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([expect.objectContaining({
      Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    })]));
  });

  test('its writer may only put the truststore object, and encrypt it through S3', () => {
    const { stack, api, keys } = managedApi();
    const policy = stack.resolve((api.truststore!.writerFunction.policy.node.defaultChild as any).policyDocument);
    const dataKey = stack.resolve(keys.keyFor(KeyUse.DATA).keyArn);
    const s3AndKms = policy.Statement.filter((statement: any) => [statement.Action].flat().some((action: string) => action.startsWith('s3:')) ||
      JSON.stringify(statement.Resource) === JSON.stringify(dataKey));
    const bucketId = stack.getLogicalId(api.truststore!.bucket.node.defaultChild as s3.CfnBucket);
    expect(s3AndKms).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/truststore.pem']] } },
      {
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Resource: stack.resolve(keys.keyFor(KeyUse.DATA).keyArn),
        Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      },
    ]);
  });

  test('turns on mutual TLS, so certificate-OU authorization is accepted', () => {
    const { api } = managedApi();
    expect(api.domain).toBeDefined();
    expect(api.truststore).toBeDefined();
  });

  test('is refused beside an imported truststore, with one combined error', () => {
    const f = fixture();
    expect(() => managedApi(f, { truststoreBucket: s3.Bucket.fromBucketName(f.stack, 'Imported', 'imported'), truststoreKey: 'ca.pem' }))
      .toThrow(/^\[Test\/Api\] domain\.truststorePem: both truststorePem and truststoreBucket\/truststoreKey\/truststoreVersion are given\. Fix: /);
    expect(() => managedApi(fixture(), { truststoreVersion: 'v1' })).toThrow(withCode('SecureApi.ManagedAndImportedTruststore'));
  });

  test('refuses a bad bundle naming the API, the prop and the certificate', () => {
    expect(() => managedApi(fixture(), { truststorePem: LEAF }))
      .toThrow(/^\[Test\/Api\] domain\.truststorePem: certificate 1 \(CN=scanner-01\) is not a CA certificate.*Fix: .*\(ManagedTruststore\.NotACa\)$/);
  });
});

describe('ManagedTruststore on its own', () => {
  test('refuses a bad bundle naming its own path and prop', () => {
    const f = fixture();
    expect(() => new ManagedTruststore(f.stack, 'Truststore', { truststorePem: '', keys: f.keys }))
      .toThrow(/^\[Test\/Truststore\] truststorePem: the bundle holds no certificate\. Fix: .*\(ManagedTruststore\.NoCertificate\)$/);
  });

  test('gives what an aws-cdk-lib DomainName needs to pin it: bucket, key and version', () => {
    const f = fixture();
    const truststore = new ManagedTruststore(f.stack, 'Truststore', { truststorePem: ROOT, keys: f.keys });
    const writerId = f.stack.getLogicalId(truststore.node.defaultChild as any);
    expect(f.stack.resolve(truststore.versionId)).toEqual({ 'Fn::GetAtt': [writerId, 'VersionId'] });
    expect(f.stack.resolve(truststore.bucket.bucketName)).toEqual({ Ref: expect.stringMatching(/^TruststoreBucket/) });
  });

  test('with an ownership verification certificate for an imported server certificate', () => {
    const f = fixture();
    managedApi(f, {
      ownershipVerificationCertificate: acm.Certificate.fromCertificateArn(f.stack, 'Ownership',
        'arn:aws:acm:us-east-1:111111111111:certificate/22222222-3333-4444-5555-666666666666'),
    });
    Template.fromStack(f.stack).hasResourceProperties('AWS::ApiGateway::DomainName', {
      OwnershipVerificationCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/22222222-3333-4444-5555-666666666666',
    });
  });
});

describe('cdk-nag on a managed truststore', () => {
  test('every pack: no unacknowledged errors or warnings', () => {
    const { stack } = managedApi();
    expect(nagErrors(stack)).toEqual([]);
    expect(nagWarnings(stack)).toEqual([]);
  });

  test("the library's own pack passes once the audit trail covers the API, the truststore's domain version pin included", () => {
    const { stack, api, keys } = managedApi();
    api.addDataEventsTo(new AuditTrail(stack, 'Audit', { keys }));
    expect(nagErrors(stack, [new SecureServerlessChecks()])).toEqual([]);
    expect(nagWarnings(stack, [new SecureServerlessChecks()])).toEqual([]);
  });

  test('the acknowledgements it adds, each with its reason (its writer\'s own are ScopedFunction\'s, counted there)', () => {
    const { stack } = managedApi();
    const own = acknowledgements(stack).filter((line) => line.startsWith('Test/Api/Truststore/') && !line.startsWith('Test/Api/Truststore/Writer/'));
    const replication = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-S3BucketReplicationEnabled`);
    const kmsDefault = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-S3DefaultEncryptionKMS`);
    const objectLock = 'NIST.800.53.R4-S3BucketDefaultLockEnabled';
    expect(own).toEqual([
      'Test/Api/Truststore/AccessLogBucket/Policy: SecureServerless-IamPolicyNoPartialWildcards[Resource::<ApiTruststoreAccessLogBucketADC5E59C.Arn>/truststore-bucket/*]',
      ...[...replication, ...kmsDefault, objectLock].map((id) => `Test/Api/Truststore/AccessLogBucket: ${id}`),
      ...[...replication, objectLock].map((id) => `Test/Api/Truststore/Bucket: ${id}`),
    ].sort());
    const reasons = acknowledgementReasons(stack);
    expect(reasons['Test/Api/Truststore/Bucket: PCI.DSS.321-S3BucketReplicationEnabled']).toMatch(/written from the app's code at every deployment/);
    expect(reasons[`Test/Api/Truststore/Bucket: ${objectLock}`]).toMatch(/the domain pins the one its deployment wrote/);
    expect(reasons['Test/Api/Truststore/AccessLogBucket: HIPAA.Security-S3DefaultEncryptionKMS'])
      .toMatch(/server access logs only to a bucket whose default encryption is SSE-S3.*the truststore bucket's access logs/);
  });
});

describe('the SSE-S3 fallback for a managed truststore', () => {
  const REASON = 'API Gateway failed to read the SSE-KMS truststore in this account (ticket SEC-42)';

  test('encrypts the bucket with SSE-S3 and gives the writer no KMS permission; the rest of the hardening stays', () => {
    const { stack, api, keys } = managedApi(fixture(), { unsafeS3ManagedTruststoreEncryptionReason: REASON });
    const template = Template.fromStack(stack);
    const bucketId = stack.getLogicalId(api.truststore!.bucket.node.defaultChild as s3.CfnBucket);
    const bucket = template.toJSON().Resources[bucketId];
    expect(bucket.Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
    const policy = stack.resolve((api.truststore!.writerFunction.policy.node.defaultChild as any).policyDocument);
    const dataKey = JSON.stringify(stack.resolve(keys.keyFor(KeyUse.DATA).keyArn));
    expect(policy.Statement.filter((statement: any) => JSON.stringify(statement.Resource) === dataKey)).toEqual([]);
    expect(policy.Statement.filter((statement: any) => [statement.Action].flat().some((action: string) => action.startsWith('s3:'))))
      .toEqual([{ Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/truststore.pem']] } }]);
    // The domain is still pinned to the version the deployment wrote.
    const domain = Object.values<any>(template.findResources('AWS::ApiGateway::DomainName'))[0];
    expect(domain.Properties.MutualTlsAuthentication.TruststoreVersion).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ApiTruststore/), 'VersionId'] });
  });

  test('every pack passes, with the KMS findings on the bucket acknowledged with the reason given', () => {
    const { stack } = managedApi(fixture(), { unsafeS3ManagedTruststoreEncryptionReason: REASON });
    expect(nagErrors(stack)).toEqual([]);
    expect(nagWarnings(stack)).toEqual([]);
    expect(nagErrors(stack, [new SecureServerlessChecks()])).toEqual([]);
    const reasons = acknowledgementReasons(stack);
    const s3Kms = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-S3DefaultEncryptionKMS`);
    for (const id of [...s3Kms, 'SecureServerless-S3BucketCmkEncryption']) {
      expect(reasons[`Test/Api/Truststore/Bucket: ${id}`]).toBe(`Truststore encrypted with SSE-S3 (unsafeS3ManagedEncryptionReason): ${REASON}`);
    }
    const onBucket = acknowledgements(stack).filter((line) => line.startsWith('Test/Api/Truststore/Bucket: '));
    expect(onBucket).toHaveLength(4 + 1 + 4);
  });

  test('an empty reason, or the prop without a managed truststore, fails synthesis with its code', () => {
    expect(() => managedApi(fixture(), { unsafeS3ManagedTruststoreEncryptionReason: '  ' }))
      .toThrow(withCode('ManagedTruststore.EmptyS3ManagedEncryptionReason'));
    const f = fixture();
    expect(() => new SecureApi(f.stack, 'Api', {
      keys: f.keys,
      authorization: ApiAuthorization.iam(),
      domain: {
        domainName: 'findings.example.com',
        certificate: acm.Certificate.fromCertificateArn(f.stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000'),
        unsafeS3ManagedTruststoreEncryptionReason: REASON,
      },
    })).toThrow(withCode('SecureApi.S3ManagedEncryptionWithoutManagedTruststore'));
  });
});
