import { checkovSkips } from './gate';
import { guardSkips } from './guard';

describe('the checkov skip list', () => {
  test('is pinned: a new skip shows up here as a diff', () => {
    expect(checkovSkips().map((skip) => `${skip.id} ${skip.template} ${skip.resource}`)).toEqual([
      'CKV_AWS_117 * AWS::Lambda::Function.*',
      'CKV_AWS_111 ScopedFunctionInVpc AWS::IAM::ManagedPolicy.FunctionServiceRolePolicy*',
      'CKV_AWS_120 * AWS::ApiGateway::Stage.*',
      'CKV_AWS_18 * AWS::S3::Bucket.*AccessLogBucket*',
    ]);
  });

  test('every skip names its check and carries a reason a reviewer can judge', () => {
    for (const skip of checkovSkips()) {
      expect(skip.id).toMatch(/^CKV2?_AWS_\d+$/);
      expect(skip.reason.length).toBeGreaterThan(80);
      expect(skip.resource).toMatch(/^AWS::\w+::\w+\./);
    }
  });
});

describe('the Control Tower (cfn-guard) skip list', () => {
  test('is pinned', () => {
    expect(guardSkips().map((skip) => `${skip.rule} ${skip.resource}`)).toEqual([
      'lambda_inside_vpc_check *',
      'sqs_dlq_check *DeadLetterQueue*',
      's3_bucket_default_encryption_kms_check *AccessLogBucket*',
      's3_bucket_logging_enabled_check *AccessLogBucket*',
      's3_event_notifications_enabled_check Audit*Bucket*',
      's3_bucket_object_lock_enabled_check Audit*Bucket*',
      's3_event_notifications_enabled_check *Truststore*Bucket*',
      's3_bucket_object_lock_enabled_check *Truststore*Bucket*',
    ]);
  });

  test('every skip carries a reason that names its control', () => {
    for (const skip of guardSkips()) {
      expect(skip.reason).toMatch(/^CT\.[A-Z0-9]+\.PR\.\d+: .{80,}/);
    }
  });
});
