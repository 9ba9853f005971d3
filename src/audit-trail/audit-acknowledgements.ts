import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrailLogsRole } from './trail-logs-role';
import { acknowledgeFinding } from '../private/acknowledge';
import { findingText } from '../private/finding-text';

/** The buckets and role an `AuditTrail` makes, as its acknowledgements need them. */
export interface AuditResources {
  readonly bucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;
  readonly logsRole: TrailLogsRole;
  /** Whether the trail bucket has Object Lock with a default retention. */
  readonly objectLocked: boolean;
}

const REPLICATION_RULES = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321']
  .map((pack) => `${pack}-S3BucketReplicationEnabled`);
const KMS_DEFAULT_ENCRYPTION_RULES = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']
  .map((pack) => `${pack}-S3DefaultEncryptionKMS`);
const OBJECT_LOCK_RULE = 'NIST.800.53.R4-S3BucketDefaultLockEnabled';
const PARTIAL_WILDCARDS = 'SecureServerless-IamPolicyNoPartialWildcards';

const REPLICATION_REASON = 'Cross-region replication needs a destination bucket in another region, which this ' +
  "single-stack construct can't create; the audit buckets are versioned, retained on stack deletion and private, " +
  "and the trail's log files are signed by log file validation. Copy them to another region or a log-archive " +
  'account at the organization level if a second copy is required.';

/**
 * Acknowledges, one finding on one resource at a time, what the cdk-nag packs report on an
 * `AuditTrail` by design. Each reason says why the finding can't or shouldn't be fixed here.
 */
export function acknowledgeAuditFindings(resources: AuditResources): void {
  const { bucket, accessLogBucket, logsRole } = resources;
  for (const rule of REPLICATION_RULES) {
    acknowledgeFinding(bucket, rule, REPLICATION_REASON);
    acknowledgeFinding(accessLogBucket, rule, REPLICATION_REASON);
  }
  for (const rule of KMS_DEFAULT_ENCRYPTION_RULES) {
    acknowledgeFinding(accessLogBucket, rule,
      'S3 delivers server access logs only to a bucket whose default encryption is SSE-S3 (SSE-KMS is not supported ' +
      'for the target bucket), so this bucket holding the trail bucket\'s access logs uses S3-managed keys.');
  }
  acknowledgeFinding(accessLogBucket, OBJECT_LOCK_RULE,
    "S3 server access logging can't deliver to a bucket with an Object Lock default retention, so this bucket " +
    'holding the trail bucket\'s access logs has none; it is versioned and retained on stack deletion.');
  if (!resources.objectLocked) {
    acknowledgeFinding(bucket, OBJECT_LOCK_RULE,
      'Object Lock is opt-in (objectLockRetention) because it can never be turned off and locked log files ' +
      "can't be removed before their retention ends; without it, tampering is still detectable through the trail's " +
      'signed log file validation digests, and versioning keeps every overwritten or deleted log file.');
  }
  const streams = findingText(Stack.of(logsRole).resolve(logsRole.logStreamArn));
  const streamsReason = 'CloudTrail names the log streams it writes <account>_CloudTrail_<region>, one per region of a ' +
    'multi-region trail, so the policy names that prefix in this one log group: exactly the streams CloudTrail creates, nothing else.';
  acknowledgeFinding(logsRole.policy, `AwsSolutions-IAM5[Resource::${streams}]`, streamsReason);
  acknowledgeFinding(logsRole.policy, `${PARTIAL_WILDCARDS}[Resource::${streams}]`, streamsReason);
  acknowledgeServiceWrites(bucket, 'CloudTrail names each log file and digest it delivers (by account, region, date ' +
    'and a unique id) under AWSLogs/<account>/, so the grant to cloudtrail.amazonaws.com covers that prefix; a Deny in ' +
    'the same policy refuses log files from any trail but this one.');
  acknowledgeServiceWrites(accessLogBucket, 'S3 server access logging names each log object it delivers (by date ' +
    "and a unique id) under the trail bucket's prefix, so the grant to logging.s3.amazonaws.com covers that prefix, " +
    'only for the trail bucket of this account.');
}

/** The library pack's partial-wildcard finding on a bucket policy's grant to the AWS service that writes to it. */
function acknowledgeServiceWrites(bucket: s3.Bucket, reason: string): void {
  const policy = bucket.policy!;
  const document = Stack.of(bucket).resolve(policy.document);
  for (const statement of document.Statement ?? []) {
    if (statement.Effect === 'Allow' && statement.Principal?.Service && statement.Action === 's3:PutObject') {
      acknowledgeFinding(policy, `${PARTIAL_WILDCARDS}[Resource::${findingText(statement.Resource)}]`, reason);
    }
  }
}
