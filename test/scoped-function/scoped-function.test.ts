import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CODE, defaultFunction, stackWithKeys } from './fixtures';
import { ScopedFunction } from '../../src/scoped-function';

function logicalIdOf(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('ScopedFunction defaults', () => {
  const { stack, fn } = defaultFunction();
  const template = Template.fromStack(stack);

  test('the function: latest Node.js, ARM64, X-Ray active, explicit memory, timeout and reserved concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 256,
      Timeout: 10,
      ReservedConcurrentExecutions: 10,
      Handler: 'index.handler',
    });
  });

  test('the role has no AWS-managed policy and no inline policy: one customer-managed policy only', () => {
    const policyId = logicalIdOf(template, 'AWS::IAM::ManagedPolicy');
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      ManagedPolicyArns: [{ Ref: policyId }],
      Policies: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('the policy holds only: its log group, its DLQ and that key, and X-Ray', () => {
    const logGroupId = logicalIdOf(template, 'AWS::Logs::LogGroup');
    const queueId = logicalIdOf(template, 'AWS::SQS::Queue');
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } },
          { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
          { Sid: 'WriteOwnLogGroup', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
          { Sid: 'EncryptForDeadLetterQueue', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysMessagingKey'), 'Arn'] } },
        ],
      },
    });
  });

  test('logs go to its own log group: one year, encrypted with the AUDIT key, retained', () => {
    const logGroupId = logicalIdOf(template, 'AWS::Logs::LogGroup');
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysAuditKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: logGroupId } } });
  });

  test('a dead-letter queue encrypted with the MESSAGING key, TLS only, 14 days, usable by no source queue', () => {
    const queueId = logicalIdOf(template, 'AWS::SQS::Queue');
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysMessagingKey'), 'Arn'] },
      MessageRetentionPeriod: 1209600,
      RedriveAllowPolicy: { redrivePermission: 'denyAll' },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } } });
  });

  test('no VPC, security group or endpoint by default', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: Match.absent() });
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(fn.securityGroup).toBeUndefined();
    expect(fn.gatewayEndpoints).toEqual([]);
  });

  test('exposes the function, role, policy, log group and queue it made', () => {
    expect(fn.node.defaultChild).toBe(fn.function);
    expect(fn.grantPrincipal).toBe(fn.role);
    expect(fn.functionArn).toBe(fn.function.functionArn);
    expect(fn.functionName).toBe(fn.function.functionName);
    expect(fn.policy.node.path).toBe('Test/Fn/ServiceRole/Policy');
    expect(fn.logGroup.node.path).toBe('Test/Fn/LogGroup');
    expect(fn.deadLetterQueue.node.path).toBe('Test/Fn/DeadLetterQueue');
  });
});

describe('ScopedFunction props', () => {
  test('runtime, architecture, memory, timeout, concurrency, environment and description are passed through', () => {
    const { stack } = defaultFunction({
      runtime: lambda.Runtime.PYTHON_3_13,
      architecture: lambda.Architecture.X86_64,
      memorySize: 1024,
      timeout: Duration.seconds(29),
      reservedConcurrentExecutions: 3,
      environment: { TABLE_NAME: 'findings' },
      description: 'ingest',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'python3.13',
      Architectures: ['x86_64'],
      MemorySize: 1024,
      Timeout: 29,
      ReservedConcurrentExecutions: 3,
      Environment: { Variables: { TABLE_NAME: 'findings' } },
      Description: 'ingest',
    });
  });

  test('log retention and dead-letter retention', () => {
    const { stack } = defaultFunction({ logRetention: logs.RetentionDays.TEN_YEARS, deadLetterRetention: Duration.days(4) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 3653 });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 345600 });
  });

  test('explicit keys instead of a KeyPerUsePolicy', () => {
    const { stack } = stackWithKeys();
    const logKey = kms.Key.fromKeyArn(stack, 'LogKey', 'arn:aws:kms:us-east-1:111111111111:key/11111111-1111-1111-1111-111111111111');
    const deadLetterKey = kms.Key.fromKeyArn(stack, 'DlqKey', 'arn:aws:kms:us-east-1:111111111111:key/22222222-2222-2222-2222-222222222222');
    const environmentKey = kms.Key.fromKeyArn(stack, 'EnvKey', 'arn:aws:kms:us-east-1:111111111111:key/33333333-3333-3333-3333-333333333333');
    new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler', logKey, deadLetterKey, environmentKey });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { KmsKeyArn: environmentKey.keyArn });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: logKey.keyArn });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: deadLetterKey.keyArn });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'EncryptForDeadLetterQueue', Resource: deadLetterKey.keyArn })]) },
    });
  });

  test('environment variables are encrypted with the DATA key by default', () => {
    const { stack } = defaultFunction({ environment: { TABLE_NAME: 'findings' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysDataKey'), 'Arn'] },
    });
  });

  test('an explicit key wins over the one from keys', () => {
    const { stack, keys } = stackWithKeys();
    const logKey = kms.Key.fromKeyArn(stack, 'LogKey', 'arn:aws:kms:us-east-1:111111111111:key/11111111-1111-1111-1111-111111111111');
    new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler', keys, logKey });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: logKey.keyArn });
  });
});

describe('grants land in the managed policy, never inline', () => {
  test('addToRolePolicy, an L2 grant and a KMS grant all go to the one managed policy', () => {
    const { stack, fn } = defaultFunction();
    const bucket = new s3.Bucket(stack, 'Bucket');
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('report.json')] }));
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:PutObject'], resourceArns: [bucket.arnForObjects('out.json')] });
    const key = new kms.Key(stack, 'OtherKey', { enableKeyRotation: true });
    key.grant(fn, 'kms:Decrypt');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 's3:GetObject' }),
          Match.objectLike({ Action: 's3:PutObject' }),
          Match.objectLike({ Action: 'kms:Decrypt' }),
        ]),
      },
    });
  });

  test("the function resource waits for the managed policy, so grants exist before it's created", () => {
    const { stack } = defaultFunction();
    const template = Template.fromStack(stack);
    const policyId = logicalIdOf(template, 'AWS::IAM::ManagedPolicy');
    template.hasResource('AWS::Lambda::Function', { DependsOn: Match.arrayWith([policyId]) });
  });
});
