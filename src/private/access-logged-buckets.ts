import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeFinding } from './acknowledge';
import { findingText } from './finding-text';

/** Settings every bucket of the library shares: private, TLS 1.2+ only, versioned, owner-enforced, kept. */
export const HARDENED_BUCKET: s3.BucketProps = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  removalPolicy: RemovalPolicy.RETAIN,
};

/**
 * A lifecycle rule that deletes no evidence: it only clears parts of uploads that never
 * completed. Every bucket has it, so each has a lifecycle configuration (Control Tower
 * CT.S3.PR.3 and PR.6) without a default that expires what it keeps.
 */
export const ABORT_INCOMPLETE_UPLOADS: s3.LifecycleRule = {
  id: 'AbortIncompleteMultipartUploads',
  abortIncompleteMultipartUploadAfter: Duration.days(7),
};

/**
 * A bucket receiving another bucket's server access logs. S3 delivers server access logs only
 * to buckets encrypted with S3-managed keys, so this one can't use a customer-managed key.
 */
export function createAccessLogBucket(scope: Construct, id: string): s3.Bucket {
  return new s3.Bucket(scope, id, {
    ...HARDENED_BUCKET,
    encryption: s3.BucketEncryption.S3_MANAGED,
    lifecycleRules: [ABORT_INCOMPLETE_UPLOADS],
  });
}

/** Where a bucket's server access logs go: the log bucket, the prefix, and the bucket policy statement's Sid. */
export interface AccessLogTarget {
  readonly accessLogBucket: s3.Bucket;
  readonly prefix: string;
  readonly sid: string;
}

/**
 * Server access logging through a bucket policy for the logging service, whatever the app's
 * feature flags: the L2's `serverAccessLogsBucket` falls back to the `LogDeliveryWrite` ACL,
 * which a bucket with ACLs disabled rejects.
 */
export function logAccessTo(bucket: s3.Bucket, target: AccessLogTarget): void {
  const { accessLogBucket, prefix, sid } = target;
  (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: accessLogBucket.bucketName,
    logFilePrefix: prefix,
  };
  accessLogBucket.addToResourcePolicy(new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [accessLogBucket.arnForObjects(`${prefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': bucket.bucketArn },
      StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account },
    },
  }));
}

const KMS_DEFAULT_ENCRYPTION_RULES = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']
  .map((pack) => `${pack}-S3DefaultEncryptionKMS`);
const OBJECT_LOCK_RULE = 'NIST.800.53.R4-S3BucketDefaultLockEnabled';
const PARTIAL_WILDCARDS = 'SecureServerless-IamPolicyNoPartialWildcards';

/**
 * What the cdk-nag packs report on an access log bucket by design, one finding at a time.
 * `logsOf` names the bucket whose logs it holds (`the trail bucket`).
 */
export function acknowledgeAccessLogBucket(accessLogBucket: s3.Bucket, logsOf: string): void {
  for (const rule of KMS_DEFAULT_ENCRYPTION_RULES) {
    acknowledgeFinding(accessLogBucket, rule,
      'S3 delivers server access logs only to a bucket whose default encryption is SSE-S3 (SSE-KMS is not supported ' +
      `for the target bucket), so this bucket holding ${logsOf}'s access logs uses S3-managed keys.`);
  }
  acknowledgeFinding(accessLogBucket, OBJECT_LOCK_RULE,
    "S3 server access logging can't deliver to a bucket with an Object Lock default retention, so this bucket " +
    `holding ${logsOf}'s access logs has none; it is versioned and retained on stack deletion.`);
  acknowledgeServiceWrites(accessLogBucket, 'S3 server access logging names each log object it delivers (by date ' +
    `and a unique id) under ${logsOf}'s prefix, so the grant to logging.s3.amazonaws.com covers that prefix, ` +
    `only for ${logsOf} of this account.`);
}

/** The library pack's partial-wildcard finding on a bucket policy's grant to the AWS service that writes to it. */
export function acknowledgeServiceWrites(bucket: s3.Bucket, reason: string): void {
  const policy = bucket.policy!;
  const document = Stack.of(bucket).resolve(policy.document);
  for (const statement of document.Statement ?? []) {
    if (statement.Effect === 'Allow' && statement.Principal?.Service && statement.Action === 's3:PutObject') {
      acknowledgeFinding(policy, `${PARTIAL_WILDCARDS}[Resource::${findingText(statement.Resource)}]`, reason);
    }
  }
}
