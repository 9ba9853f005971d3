/**
 * Hand-hardened (c): a Lambda function with its own role and customer-managed policy (no
 * AWSLambdaBasicExecutionRole), an encrypted log group, an encrypted DLQ, X-Ray and reserved concurrency.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HardenedKeys } from './keys';

export interface HardenedFunction {
  readonly fn: lambda.Function;
  readonly policy: iam.ManagedPolicy;
}

export function hardenedFunction(scope: Construct, id: string, keys: HardenedKeys, props: {
  code: lambda.Code;
  environment?: Record<string, string>;
}): HardenedFunction {
  const region = Stack.of(scope).region;
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { encryptionKey: keys.audit, retention: logs.RetentionDays.ONE_YEAR });
  const dlq = new sqs.Queue(scope, `${id}Dlq`, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: keys.messaging,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.DENY_ALL },
  });
  const policy = new iam.ManagedPolicy(scope, `${id}Policy`, {
    roles: [role],
    statements: [
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [dlq.queueArn] }),
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [keys.messaging.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${region}.amazonaws.com` } },
      }),
    ],
  });
  const fn = new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: props.code,
    role,
    logGroup,
    deadLetterQueueEnabled: true,
    deadLetterQueue: dlq,
    tracing: lambda.Tracing.ACTIVE,
    reservedConcurrentExecutions: 10,
    memorySize: 256,
    timeout: Duration.seconds(10),
    environment: props.environment,
    environmentEncryption: keys.data,
  });
  fn.node.addDependency(policy);
  return { fn, policy };
}

/** The exact table grant a hand-hardened app writes: named actions on the table, the KMS actions they need via DynamoDB. */
export function grantTable(target: HardenedFunction, tableArn: string, keyArn: string, actions: string[], kmsActions: string[]): void {
  const region = Stack.of(target.fn).region;
  target.policy.addStatements(
    new iam.PolicyStatement({ actions, resources: [tableArn] }),
    new iam.PolicyStatement({
      actions: kmsActions,
      resources: [keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` } },
    }),
  );
}
