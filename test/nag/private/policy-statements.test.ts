import * as iam from 'aws-cdk-lib/aws-iam';
import { actionMatches, isFullWildcardAction, policyStatements, statementCoversAction } from '../../../src/nag/private/policy-statements';
import { newStack } from '../rule-findings';

describe('policy statements', () => {
  test('action patterns match as IAM matches them', () => {
    expect(actionMatches('kms:*', 'kms:ScheduleKeyDeletion')).toBe(true);
    expect(actionMatches('KMS:schedule?eyDeletion', 'kms:ScheduleKeyDeletion')).toBe(true);
    expect(actionMatches('*', 'kms:ScheduleKeyDeletion')).toBe(true);
    expect(actionMatches('s3:Get*', 's3:PutObject')).toBe(false);
    expect(actionMatches('s3:Get.bject', 's3:GetObject')).toBe(false);
  });

  test('full wildcards are * and whole services', () => {
    expect(['*', 's3:*', 'kms:*'].every(isFullWildcardAction)).toBe(true);
    expect(['s3:Get*', 's3:GetObject', 's3:*Object'].some(isFullWildcardAction)).toBe(false);
  });

  test('statements read from a resolved document, with NotAction covering what it leaves out', () => {
    const node = new iam.CfnPolicy(newStack(), 'Policy', { policyName: 'p', policyDocument: {}, roles: ['r'] });
    const [statement] = policyStatements(node, JSON.stringify({
      Statement: { Effect: 'Allow', NotAction: 'iam:*', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::b/*']] } },
    }), 'PolicyDocument');
    expect(statement.resources).toEqual(['arn:<AWS::Partition>:s3:::b/*']);
    expect(statementCoversAction(statement, 'kms:ScheduleKeyDeletion')).toBe(true);
    expect(statementCoversAction(statement, 'iam:PassRole')).toBe(false);
    expect(() => policyStatements(node, 'not json', 'PolicyDocument')).toThrow(/could not be validated: the policy document is a string that is not JSON/);
    expect(() => policyStatements(node, { Statement: [{ Effect: { Ref: 'E' } }] }, 'PolicyDocument')).toThrow(/the effect .* is not Allow or Deny/);
  });
});
