import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { defaultTrail, keysOf, selectorsOf, trailIn } from './fixtures';
import { AuditTrail, EventFilter, KeyPerUsePolicy, KeyUse } from '../../src';
import { failureCodes, withCode } from '../support/failures';
import { synthErrors, testStack } from '../support/stacks';

const auditKeyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysAuditKey'), 'Arn'] };
const trailBucket = Match.stringLikeRegexp('^AuditBucket[0-9A-F]{8}$');
const accessLogBucket = Match.stringLikeRegexp('^AuditAccessLogBucket[0-9A-F]{8}$');

describe('AuditTrail defaults', () => {
  test('a multi-region, validated trail on the AUDIT key, delivering to the bucket and the log group', () => {
    const { stack } = defaultTrail();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    template.hasResource('AWS::CloudTrail::Trail', {
      Properties: {
        TrailName: 'TestAuditAEBFCB0B',
        IsLogging: true,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        KMSKeyId: auditKeyArn,
        S3BucketName: { Ref: trailBucket },
        S3KeyPrefix: Match.absent(),
        CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditLogGroup'), 'Arn'] },
        CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditLogsRole'), 'Arn'] },
        EventSelectors: Match.absent(),
      },
      DependsOn: [Match.stringLikeRegexp('^AuditBucketPolicy'), Match.stringLikeRegexp('^AuditLogsRolePolicy')],
    });
  });

  test('every management event is recorded, through an advanced event selector', () => {
    const { stack } = defaultTrail();
    expect(selectorsOf(stack)).toEqual([
      { Name: 'Management events (all)', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    ]);
  });

  test('the trail bucket: AUDIT key without a bucket key, private, TLS 1.2 only, versioned, access-logged, retained', () => {
    const { stack } = defaultTrail();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: false, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: auditKeyArn } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: accessLogBucket }, LogFilePrefix: 'trail-bucket/' },
        ObjectLockEnabled: Match.absent(),
        // Only incomplete uploads are cleared by default: no audit log expires.
        LifecycleConfiguration: { Rules: [{ Id: 'AbortIncompleteMultipartUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the trail bucket policy: TLS only, CloudTrail writes under AWSLogs/<account>/, and only this trail', () => {
    const { stack, trail } = defaultTrail();
    const bucketArn = { 'Fn::GetAtt': [trailBucket, 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: trailBucket },
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
          { Effect: 'Allow', Action: 's3:GetBucketAcl', Principal: { Service: 'cloudtrail.amazonaws.com' }, Resource: bucketArn },
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Resource: { 'Fn::Join': ['', [bucketArn, '/AWSLogs/111111111111/*']] },
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
          },
          {
            Sid: 'DenyLogFilesFromOtherTrails',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Resource: { 'Fn::Join': ['', [bucketArn, '/*']] },
            Condition: { StringNotEquals: { 'aws:SourceArn': stack.resolve(trail.trailArn) } },
          },
        ],
      },
    });
    expect(stack.resolve(trail.trailArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:us-east-1:111111111111:trail/TestAuditAEBFCB0B']] });
  });

  test('the access-log bucket: S3-managed keys (all S3 access logging accepts), private, versioned, retained, written only by logging of the trail bucket', () => {
    const { stack } = defaultTrail();
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        AccessControl: Match.absent(),
        LoggingConfiguration: Match.absent(),
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: accessLogBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'AllowServerAccessLogsOfTheTrailBucket',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [accessLogBucket, 'Arn'] }, '/trail-bucket/*']] },
          Condition: {
            ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [trailBucket, 'Arn'] } },
            StringEquals: { 'aws:SourceAccount': '111111111111' },
          },
        }]),
      },
    });
  });

  test('the log group: AUDIT key, a year of retention, retained', () => {
    const { stack } = defaultTrail();
    Template.fromStack(stack).hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: auditKeyArn, RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
  });

  test("the logs role: assumed by CloudTrail, one customer-managed policy writing only CloudTrail's streams in the log group", () => {
    const { stack } = defaultTrail();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'cloudtrail.amazonaws.com' } }] },
      Policies: Match.absent(),
      ManagedPolicyArns: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AuditLogsRole') }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:',
              { Ref: Match.stringLikeRegexp('^AuditLogGroup') }, ':log-stream:111111111111_CloudTrail_*']],
          },
        }],
      },
    });
  });

  test('exposes the trail, its ARN, both buckets, the log group, the logs role and the key', () => {
    const { stack, trail } = defaultTrail();
    expect(trail.trail).toBeInstanceOf(cloudtrail.Trail);
    expect(trail.node.defaultChild).toBe(trail.trail);
    expect(trail.bucket).toBeInstanceOf(s3.Bucket);
    expect(trail.accessLogBucket).toBeInstanceOf(s3.Bucket);
    expect(trail.accessLogBucket).not.toBe(trail.bucket);
    expect(trail.logGroup).toBeInstanceOf(logs.LogGroup);
    expect(trail.logsRole).toBeInstanceOf(iam.Role);
    expect(trail.encryptionKey).toBe(keysOf(stack).keyFor(KeyUse.AUDIT));
    expect(trail.trailArn).toContain('TestAuditAEBFCB0B');
  });

  test('the AUDIT key is the only key made, and its policy is left to KeyPerUsePolicy', () => {
    const { stack } = defaultTrail();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    const [key] = Object.values<any>(template.findResources('AWS::KMS::Key'));
    const sids = key.Properties.KeyPolicy.Statement.map((statement: any) => statement.Sid);
    expect(sids).toEqual(expect.arrayContaining(['AllowCloudWatchLogsOfThisAccount', 'AllowCloudTrailOfThisAccountToEncrypt', 'AllowCloudTrailOfThisAccountToDescribe']));
    expect(sids.every((sid: unknown) => typeof sid === 'string')).toBe(true);
  });

  test('no warnings', () => {
    const { stack } = defaultTrail();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('two trails in one stack get distinct names and resources', () => {
    const stack = testStack();
    const first = trailIn(stack, {}, 'First');
    const second = trailIn(stack, {}, 'Second');
    expect(stack.resolve(first.trailArn)).not.toEqual(stack.resolve(second.trailArn));
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 4);
  });
});

describe('AuditTrail props', () => {
  test('an explicit key is used everywhere and its policy gets what CloudTrail and CloudWatch Logs need, for this trail only', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Own', { enableKeyRotation: true });
    const trail = new AuditTrail(stack, 'Audit', { encryptionKey: key });
    expect(trail.encryptionKey).toBe(key);
    const template = Template.fromStack(stack);
    const ownArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Own'), 'Arn'] };
    template.hasResourceProperties('AWS::CloudTrail::Trail', { KMSKeyId: ownArn });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: ownArn });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ownArn } })] },
    });
    const trailArn = stack.resolve(trail.trailArn);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:*']] } } },
          }),
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:GenerateDataKey',
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceArn': trailArn },
              StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:*:111111111111:trail/*']] } },
            },
          },
          { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': trailArn } } },
        ]),
      },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test("an imported key's policy can't be extended: a warning says what it must allow", () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000');
    new AuditTrail(stack, 'Audit', { encryptionKey: key });
    Annotations.fromStack(stack).hasWarning('/Test/Audit', Match.stringLikeRegexp(
      "encryptionKey is imported, so its key policy can't be extended here.*cloudtrail.amazonaws.com.*kms:GenerateDataKey"));
  });

  test('keys imported from another stack', () => {
    const stack = testStack();
    const keys = KeyPerUsePolicy.fromParameters(stack, 'Platform', '/platform/keys');
    const trail = new AuditTrail(stack, 'Audit', { keys });
    expect(trail.encryptionKey).toBe(keys.keyFor(KeyUse.AUDIT));
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 0);
  });

  test('trailName names the trail and the bucket policy condition', () => {
    const { stack, trail } = defaultTrail({ trailName: 'org.audit-trail_1' });
    expect(trail.trailArn).toContain(':trail/org.audit-trail_1');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudTrail::Trail', { TrailName: 'org.audit-trail_1' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'DenyLogFilesFromOtherTrails',
          Condition: { StringNotEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:us-east-1:111111111111:trail/org.audit-trail_1']] } } },
        })]),
      },
    });
  });

  test('isMultiRegionTrail: false records the stack region only', () => {
    const { stack } = defaultTrail({ isMultiRegionTrail: false });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', { IsMultiRegionTrail: false, IncludeGlobalServiceEvents: true });
  });

  test.each([
    [EventFilter.READ_ONLY, 'read-only', 'true'],
    [EventFilter.WRITE_ONLY, 'write-only', 'false'],
  ])('managementEvents %#: a readOnly condition', (filter, name, readOnly) => {
    const { stack } = defaultTrail({ managementEvents: filter });
    expect(selectorsOf(stack)).toEqual([{
      Name: `Management events (${name})`,
      FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: [readOnly] }],
    }]);
  });

  test('unsafeSkipManagementEvents records only the data events', () => {
    const { stack, trail } = defaultTrail({ unsafeSkipManagementEvents: true });
    trail.addDataEvents(trail.accessLogBucket);
    expect(selectorsOf(stack).map((selector) => selector.Name)).toEqual(['AWS::S3::Object data events (all)']);
  });

  test('cloudWatchLogsRetention sets the log group retention', () => {
    const { stack } = defaultTrail({ cloudWatchLogsRetention: logs.RetentionDays.TEN_YEARS });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 3653 });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('retention below a year is warned about, naming the prop', () => {
    const { stack } = defaultTrail({ cloudWatchLogsRetention: logs.RetentionDays.THREE_MONTHS });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    Annotations.fromStack(stack).hasWarning('/Test/Audit', Match.stringLikeRegexp('cloudWatchLogsRetention keeps events 90 days, less than a year'));
  });

  test('s3KeyPrefix prefixes the log files and the bucket policy grant', () => {
    const { stack } = defaultTrail({ s3KeyPrefix: 'audit/findings' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudTrail::Trail', { S3KeyPrefix: 'audit/findings' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [trailBucket, 'Arn'] }, '/audit/findings/AWSLogs/111111111111/*']] },
        })]),
      },
    });
  });

  test('objectLockRetention turns Object Lock on with a default retention', () => {
    const { stack } = defaultTrail({ objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(365)) });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
    });
  });

  test('lifecycleRules apply to the trail bucket', () => {
    const { stack } = defaultTrail({
      lifecycleRules: [{ transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }] }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.anyValue(),
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({ Id: 'AbortIncompleteMultipartUploads' }),
          Match.objectLike({ Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] }),
        ],
      },
    });
  });
});

describe('AuditTrail bad props fail at synth with path, prop and fix', () => {
  test('neither keys nor encryptionKey', () => {
    const stack = testStack();
    expect(() => new AuditTrail(stack, 'Audit', {})).toThrow(
      /^\[Test\/Audit\] encryptionKey: no key encrypts the trail\. Fix: pass keys \(a KeyPerUsePolicy, whose AUDIT key is used\) or encryptionKey \(a customer-managed kms\.IKey\)/);
  });

  test('both keys and encryptionKey', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Own');
    expect(() => new AuditTrail(stack, 'Audit', { keys: keysOf(stack), encryptionKey: key })).toThrow(withCode('Keys.KeysAndExplicitKey'));
  });

  // CloudTrail CreateTrail Name: 3-128, letters, digits, '.', '_', '-', starting and ending with a
  // letter or digit, no adjacent symbols, "Not be in IP address format".
  test.each(['ab', '-trail', 'trail-', 'my trail', 'a..b', 'a._b', 'a'.repeat(129), '192.168.5.4', 'tráil'])('trailName %p', (trailName) => {
    expect(() => defaultTrail({ trailName })).toThrow(withCode('AuditTrail.InvalidTrailName'));
  });

  test.each(['/audit', 'audit/', 'a//b', 'logs/*', 'a b'])('s3KeyPrefix %p', (s3KeyPrefix) => {
    expect(() => defaultTrail({ s3KeyPrefix })).toThrow(withCode('AuditTrail.InvalidKeyPrefix'));
  });

  test('managementEvents with unsafeSkipManagementEvents', () => {
    expect(() => defaultTrail({ unsafeSkipManagementEvents: true, managementEvents: EventFilter.ALL })).toThrow(withCode('AuditTrail.ManagementEventsWithSkip'));
  });

  test('unsafeSkipManagementEvents without data events would record everything: synthesis fails', () => {
    const app = new App();
    const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'us-east-1' } });
    trailIn(stack, { unsafeSkipManagementEvents: true });
    expect(failureCodes(synthErrors(stack))).toEqual(['AuditTrail.RecordsNothing']);
  });
});
