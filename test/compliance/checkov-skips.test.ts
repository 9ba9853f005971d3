import { checkovSkips } from './gate';

describe('the checkov skip list', () => {
  test('is pinned: a new skip shows up here as a diff', () => {
    expect(checkovSkips().map((skip) => `${skip.id} ${skip.template} ${skip.resource}`)).toEqual([
      'CKV_AWS_117 * AWS::Lambda::Function.*',
      'CKV_AWS_111 ScopedFunctionInVpc AWS::IAM::ManagedPolicy.FunctionServiceRolePolicy*',
      'CKV_AWS_120 Findings AWS::ApiGateway::Stage.*',
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
