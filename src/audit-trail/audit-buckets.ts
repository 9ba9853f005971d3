import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AUDIT_TRAIL_DEFAULTS } from './audit-trail-defaults';
import { ABORT_INCOMPLETE_UPLOADS, HARDENED_BUCKET, logAccessTo } from '../private/access-logged-buckets';

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
    ...HARDENED_BUCKET,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: options.encryptionKey,
    bucketKeyEnabled: false,
    objectLockEnabled: options.objectLockRetention ? true : undefined,
    objectLockDefaultRetention: options.objectLockRetention,
    lifecycleRules: [ABORT_INCOMPLETE_UPLOADS, ...options.lifecycleRules ?? []],
  });
  logAccessTo(bucket, {
    accessLogBucket: options.accessLogBucket,
    prefix: AUDIT_TRAIL_DEFAULTS.accessLogsPrefix,
    sid: 'AllowServerAccessLogsOfTheTrailBucket',
  });
  return bucket;
}
