import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct, IConstruct } from 'constructs';
import { ManagedTruststore } from './managed-truststore';
import { SECURE_API_DEFAULTS } from './secure-api-defaults';
import { SecureApiDomainOptions } from './secure-api-props';
import { validTruststoreBundle } from './truststore-bundle';
import { IKeyPerUsePolicy } from '../key-per-use-policy';
import { DEPLOY_TIME_RULES, validDeployTimeString } from '../private/deploy-time-rules';
import { InvalidPropError, requireProp } from '../private/errors';

/** Regional policies of TLS 1.2 or later; the edge-only policies and TLS 1.0 are refused. */
const REGIONAL_TLS12_OR_LATER = [
  apigw.SecurityPolicy.TLS_1_2,
  apigw.SecurityPolicy.TLS13_1_3_2025_09,
  apigw.SecurityPolicy.TLS13_1_3_FIPS_2025_09,
  apigw.SecurityPolicy.TLS13_1_2_PQ_2025_09,
  apigw.SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09,
];

/** Whether the domain requires mutual TLS, with an imported or a managed truststore. */
export function hasMutualTls(domain: SecureApiDomainOptions | undefined): boolean {
  return domain?.truststoreBucket !== undefined || domain?.truststorePem !== undefined;
}

/**
 * The construct-managed truststore, when the domain gives its PEM bundle. The bundle is checked
 * here first so a bad one is reported against the API's `domain.truststorePem`.
 */
export function createManagedTruststore(
  scope: Construct, domain: SecureApiDomainOptions | undefined, keys: IKeyPerUsePolicy,
): ManagedTruststore | undefined {
  if (domain?.truststorePem === undefined) {
    requireProp('SecureApi.S3ManagedEncryptionWithoutManagedTruststore', domain?.unsafeS3ManagedTruststoreEncryptionReason === undefined, scope,
      'domain.unsafeS3ManagedTruststoreEncryptionReason', 'there is no managed truststore to encrypt', 'give truststorePem, or leave the prop out');
    return undefined;
  }
  if (domain.truststoreBucket || domain.truststoreKey || domain.truststoreVersion) {
    throw new InvalidPropError('SecureApi.ManagedAndImportedTruststore', scope, 'domain.truststorePem', 'both truststorePem and truststoreBucket/truststoreKey/truststoreVersion are given',
      'give truststorePem for a truststore this construct manages, or the imported truststore\'s bucket, key and version, not both');
  }
  validTruststoreBundle(scope, 'domain.truststorePem', domain.truststorePem);
  return new ManagedTruststore(scope, 'Truststore', {
    truststorePem: domain.truststorePem, keys, unsafeS3ManagedEncryptionReason: domain.unsafeS3ManagedTruststoreEncryptionReason,
  });
}

function securityPolicy(scope: IConstruct, domain: SecureApiDomainOptions): apigw.SecurityPolicy {
  const policy = domain.securityPolicy ?? SECURE_API_DEFAULTS.securityPolicy;
  if (!REGIONAL_TLS12_OR_LATER.includes(policy)) {
    throw new InvalidPropError('SecureApi.TlsPolicyBelow12', scope, 'domain.securityPolicy', `${policy} is below TLS 1.2 or not a regional policy`,
      'use apigw.SecurityPolicy.TLS_1_2 (or a regional TLS 1.3 policy without mutual TLS)');
  }
  if (hasMutualTls(domain) && policy !== apigw.SecurityPolicy.TLS_1_2) {
    throw new InvalidPropError('SecureApi.MutualTlsPolicyNotTls12', scope, 'domain.securityPolicy', `AWS allows mutual TLS only with TLS_1_2, not ${policy}`,
      'use apigw.SecurityPolicy.TLS_1_2, which still accepts TLS 1.3 clients');
  }
  return policy;
}

function mtls(scope: IConstruct, domain: SecureApiDomainOptions, managed: ManagedTruststore | undefined): apigw.MTLSConfig | undefined {
  if (managed) {
    return { bucket: managed.bucket, key: managed.objectKey, version: managed.versionId };
  }
  if (!domain.truststoreBucket) {
    if (domain.truststoreKey || domain.truststoreVersion) {
      throw new InvalidPropError('SecureApi.TruststoreKeyWithoutBucket', scope, 'domain.truststoreKey', 'a truststore key or version is given without truststoreBucket',
        'give truststoreBucket too, or leave the truststore out');
    }
    return undefined;
  }
  if (!domain.truststoreKey) {
    throw new InvalidPropError('SecureApi.TruststoreBucketWithoutKey', scope, 'domain.truststoreKey', 'truststoreBucket is given without truststoreKey',
      "give the truststore's object key, e.g. 'truststore.pem'");
  }
  return { bucket: domain.truststoreBucket, key: domain.truststoreKey, version: domain.truststoreVersion };
}

/**
 * The ownership verification certificate's ARN. API Gateway reads it only for mutual TLS, and it
 * "cannot be used as a server certificate for another mutual TLS domain" ("Configuring mutual TLS
 * authentication for an HTTP API").
 */
function ownershipVerificationCertificateArn(scope: IConstruct, domain: SecureApiDomainOptions): string | undefined {
  const ownership = domain.ownershipVerificationCertificate;
  if (!ownership) {
    return undefined;
  }
  if (!hasMutualTls(domain)) {
    throw new InvalidPropError('SecureApi.OwnershipCertificateWithoutMutualTls', scope, 'domain.ownershipVerificationCertificate', 'API Gateway uses it only with mutual TLS, and this domain has no truststore',
      'leave ownershipVerificationCertificate out, or give the domain a truststore');
  }
  const sameArn = !Token.isUnresolved(ownership.certificateArn) && ownership.certificateArn === domain.certificate.certificateArn;
  if (ownership === domain.certificate || sameArn) {
    throw new InvalidPropError('SecureApi.OwnershipCertificateIsServerCertificate', scope, 'domain.ownershipVerificationCertificate',
      'it is the server certificate itself',
      'request a separate public certificate for the domain name in ACM and pass that one');
  }
  return ownership.certificateArn;
}

/** The regional custom domain, mapped to the API's stage. */
export function createDomain(scope: Construct, api: apigw.RestApi, domain: SecureApiDomainOptions, managed?: ManagedTruststore): apigw.DomainName {
  const policy = securityPolicy(scope, domain);
  const name = new apigw.DomainName(scope, 'Domain', {
    domainName: domain.domainName,
    certificate: domain.certificate,
    endpointType: apigw.EndpointType.REGIONAL,
    securityPolicy: policy,
    // The enhanced (SecurityPolicy_*) policies need an access mode; STRICT refuses clients below the policy.
    endpointAccessMode: policy === apigw.SecurityPolicy.TLS_1_2 ? undefined : apigw.EndpointAccessMode.STRICT,
    mtls: mtls(scope, domain, managed),
  });
  // The L2 DomainName has no prop for it; the L1 property is OwnershipVerificationCertificateArn.
  (name.node.defaultChild as apigw.CfnDomainName).ownershipVerificationCertificateArn = ownershipVerificationCertificateArn(scope, domain);
  const basePath = domain.basePath === undefined ? undefined
    : validDeployTimeString(scope, 'domain.basePath', domain.basePath, DEPLOY_TIME_RULES.apiGatewayBasePath);
  name.addBasePathMapping(api, { basePath, stage: api.deploymentStage });
  return name;
}
