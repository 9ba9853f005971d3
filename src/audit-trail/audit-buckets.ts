import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AUDIT_TRAIL_DEFAULTS } from './audit-trail-defaults';

/** Settings both audit buckets share: private, TLS 1.2+ only, versioned, owner-enforced, kept. */
const HARDENED: s3.BucketProps = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
};

/**
 * A lifecycle rule that deletes no evidence: it only clears parts of uploads that never
 * completed. Both buckets have it, so each has a lifecycle configuration (Control Tower
 * CT.S3.PR.3 and PR.6) without a default that expires audit logs.
 */
const ABORT_INCOMPLETE_UPLOADS: s3.LifecycleRule = {
  id: 'AbortIncompleteMultipartUploads',
  abortIncompleteMultipartUploadAfter: Duration.days(7),
};

/**
 * The bucket receiving the trail bucket's server access logs. S3 delivers server access logs
 * only to buckets encrypted with S3-managed keys, so this one can't use the AUDIT key.
 */
export function createAccessLogBucket(scope: Construct, id: string): s3.Bucket {
  return new s3.Bucket(scope, id, {
    ...HARDENED,
    encryption: s3.BucketEncryption.S3_MANAGED,
    lifecycleRules: [ABORT_INCOMPLETE_UPLOADS],
  });
}

/** What the trail bucket may be given beyond the hardened defaults. */
export interface TrailBucketOptions {
  readonly encryptionKey: kms.IKey;
  readonly accessLogBucket: s3.Bucket;
  readonly objectLockRetention?: s3.ObjectLockRetention;
  readonly lifecycleRules?: s3.LifecycleRule[];
}

/**
 * The bucket receiving the trail's log files, encrypted with the trail's key. No S3 Bucket Key:
 * with one, S3 would call KMS with the bucket's encryption context instead of the trail's, which
 * the AUDIT key's policy does not allow CloudTrail.
 */
export function createTrailBucket(scope: Construct, id: string, options: TrailBucketOptions): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    ...HARDENED,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: options.encryptionKey,
    bucketKeyEnabled: false,
    objectLockEnabled: options.objectLockRetention ? true : undefined,
    objectLockDefaultRetention: options.objectLockRetention,
    lifecycleRules: [ABORT_INCOMPLETE_UPLOADS, ...options.lifecycleRules ?? []],
  });
  logAccessTo(bucket, options.accessLogBucket);
  return bucket;
}

/**
 * Server access logging through a bucket policy for the logging service, whatever the app's
 * feature flags: the L2's `serverAccessLogsBucket` falls back to the `LogDeliveryWrite` ACL,
 * which a bucket with ACLs disabled rejects.
 */
function logAccessTo(bucket: s3.Bucket, accessLogBucket: s3.Bucket): void {
  const prefix = AUDIT_TRAIL_DEFAULTS.accessLogsPrefix;
  (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: accessLogBucket.bucketName,
    logFilePrefix: prefix,
  };
  accessLogBucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowServerAccessLogsOfTheTrailBucket',
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [accessLogBucket.arnForObjects(`${prefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': bucket.bucketArn },
      StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account },
    },
  }));
}
