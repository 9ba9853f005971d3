import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The prescriptive defaults of a `ScopedFunction`, apart from the code that applies them.
 * Memory and timeout are set explicitly because cdk-nag's Serverless pack flags functions left
 * on Lambda's 128 MB / 3 s defaults.
 */
export const SCOPED_FUNCTION_DEFAULTS = {
  memorySize: 256,
  timeout: Duration.seconds(10),
  /** Caps what one function can take from the account's pool, and bounds a runaway's cost. */
  reservedConcurrentExecutions: 10,
  architecture: lambda.Architecture.ARM_64,
  logRetention: logs.RetentionDays.ONE_YEAR,
  /** SQS's maximum, so a failed event can be inspected for two weeks. */
  deadLetterRetention: Duration.days(14),
};

/** Lambda's own limits, checked at synth so a bad value fails before deployment. */
export const LAMBDA_LIMITS = {
  minMemorySize: 128,
  maxMemorySize: 10240,
  maxTimeoutSeconds: 900,
};
