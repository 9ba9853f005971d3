import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrailLogsRole } from './trail-logs-role';
import { acknowledgeAccessLogBucket, acknowledgeServiceWrites } from '../private/access-logged-buckets';
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
  acknowledgeAccessLogBucket(accessLogBucket, 'the trail bucket');
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
}
