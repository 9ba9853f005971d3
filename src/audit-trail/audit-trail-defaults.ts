import * as logs from 'aws-cdk-lib/aws-logs';

/** The prescriptive settings of an `AuditTrail` that props may change. */
export const AUDIT_TRAIL_DEFAULTS = {
  /** A year of searchable logs: PCI DSS 10.7 asks for a year of audit history. */
  cloudWatchLogsRetention: logs.RetentionDays.ONE_YEAR,
  isMultiRegionTrail: true,
  /** Where the trail bucket's server access logs land in the access-log bucket. */
  accessLogsPrefix: 'trail-bucket/',
};

/** Retention below this many days draws a warning. */
export const MINIMUM_QUIET_RETENTION_DAYS = 365;

/**
 * CloudTrail's quota on advanced event selectors: 500 condition values across all selectors of a
 * trail (every value of every field condition counts, `Data` and the resource type included).
 * It can't be raised.
 * See https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
 */
export const CLOUDTRAIL_LIMITS = {
  selectorValuesPerTrail: 500,
};
