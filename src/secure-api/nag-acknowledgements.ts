import { Annotations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeFinding } from '../private/acknowledge';

const WAF_RULES = [
  'AwsSolutions-APIG3',
  'HIPAA.Security-APIGWAssociatedWithWAF',
  'NIST.800.53.R4-APIGWAssociatedWithWAF',
  'NIST.800.53.R5-APIGWAssociatedWithWAF',
  'PCI.DSS.321-APIGWAssociatedWithWAF',
];

const CACHE_RULES = [
  'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
  'NIST.800.53.R4-APIGWCacheEnabledAndEncrypted',
  'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
  'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
];

const AUTHORIZATION_RULES = ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'SecureServerless-ApiGwMethodAuthorization'];

/** Findings every stage of a `SecureApi` raises by design. */
export function acknowledgeStageFindings(stage: apigw.Stage): void {
  for (const rule of CACHE_RULES) {
    acknowledgeFinding(stage, rule,
      'Response caching is off on purpose: responses are per caller (the authorizer decides per client identity), ' +
      'so a cached response could be served to another caller. With no cache there is no cached data to encrypt.');
  }
}

/** The WAF findings of a stage the user chose to leave without a web ACL, with the user's reason. */
export function acknowledgeWithoutWebAcl(stage: apigw.Stage, reason: string): void {
  for (const rule of WAF_RULES) {
    acknowledgeFinding(stage, rule, `No web ACL (SecureApi unsafeNoWebAclReason): ${reason}`);
  }
}

/**
 * AwsSolutions-COG4 (methods should use a Cognito user pool authorizer) on an authorized route,
 * with the authorization's reason for using another; nothing when the authorization is Cognito's.
 */
export function acknowledgeMethodWithoutCognito(method: apigw.Method, reason: string | undefined): void {
  if (reason !== undefined) {
    acknowledgeFinding(method, 'AwsSolutions-COG4', reason);
  }
}

/** The authorization findings of a route the user made unauthenticated, with the user's reason. */
export function acknowledgeUnauthenticatedMethod(method: apigw.Method, reason: string): void {
  for (const rule of AUTHORIZATION_RULES) {
    acknowledgeFinding(method, rule, `Unauthenticated route (SecureApi addUnauthenticatedRoute): ${reason}`);
  }
  // The API's default scopes (Cognito) meet a NONE method, which aws-cdk-lib warns of and ignores, as intended.
  Annotations.of(method).acknowledgeWarning('@aws-cdk/aws-apigateway:invalidAuthScope',
    'An unauthenticated route takes none of the API\'s default authorization scopes');
}

const REPLICATION_RULES = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321']
  .map((pack) => `${pack}-S3BucketReplicationEnabled`);
const OBJECT_LOCK_RULE = 'NIST.800.53.R4-S3BucketDefaultLockEnabled';
const S3_KMS_RULES = [...['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((pack) => `${pack}-S3DefaultEncryptionKMS`),
  'SecureServerless-S3BucketCmkEncryption'];

/** What the cdk-nag packs report on a managed truststore's buckets by design. */
export function acknowledgeTruststoreFindings(bucket: s3.Bucket, accessLogBucket: s3.Bucket): void {
  for (const rule of REPLICATION_RULES) {
    acknowledgeFinding(bucket, rule,
      'The truststore is written from the app\'s code at every deployment, so the code is its second copy; a domain in ' +
      'another region reads a truststore in its own region, made by its own stack.');
    acknowledgeFinding(accessLogBucket, rule,
      'Cross-region replication needs a destination bucket in another region, which this single-stack construct can\'t ' +
      'create; the access logs are versioned, retained on stack deletion and private. Copy them to a log-archive account ' +
      'at the organization level if a second copy is required.');
  }
  acknowledgeFinding(bucket, OBJECT_LOCK_RULE,
    'A CA rotation writes a new version of the truststore; versioning keeps every earlier version and the domain pins the ' +
    'one its deployment wrote, so no object is overwritten in place. An Object Lock default retention could never be ' +
    'turned off and would keep retired CA bundles undeletable.');
}

/** The KMS-encryption findings of a managed truststore the user chose to encrypt with SSE-S3, with the user's reason. */
export function acknowledgeS3ManagedTruststore(bucket: s3.Bucket, reason: string): void {
  for (const rule of S3_KMS_RULES) {
    acknowledgeFinding(bucket, rule, `Truststore encrypted with SSE-S3 (unsafeS3ManagedEncryptionReason): ${reason}`);
  }
}
