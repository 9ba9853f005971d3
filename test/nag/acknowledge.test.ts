import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { findingsOf, newStack } from './rule-findings';
import { SecureServerlessChecks } from '../../src/nag';
import { acknowledgeFinding } from '../../src/private/acknowledge';
import { withCode } from '../support/failures';
import { acknowledgements, nagFindings } from '../support/nag';

// cdk-nag issues 2351 and 2359: `Validations.of(x).acknowledge()` rejects ids with more than
// one `::`, which every finding id carrying an ARN has. The library writes the acknowledgement
// metadata itself (`acknowledgeFinding`); these tests prove cdk-nag v3 honours what it writes.

const BUCKET_OBJECTS = 'SecureServerless-IamPolicyNoPartialWildcards[Resource::arn:aws:s3:::bucket/*]';
const BUCKET_ACTIONS = 'SecureServerless-IamPolicyNoPartialWildcards[Action::s3:Get*]';
const BASIC_EXECUTION_ROLE = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

function bucketPolicy() {
  const stack = newStack();
  const policy = new s3.CfnBucketPolicy(stack, 'Policy', {
    bucket: 'bucket',
    policyDocument: {
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/reader' }, Action: 's3:Get*', Resource: 'arn:aws:s3:::bucket/*' }],
    },
  });
  return { stack, policy };
}

function lambdaRole() {
  const stack = newStack();
  const role = new iam.Role(stack, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
  });
  return { stack, role };
}

const iam4 = (scope: Parameters<typeof nagFindings>[0]) =>
  nagFindings(scope, [new AwsSolutionsChecks()]).filter((finding) => finding.rule.startsWith('AwsSolutions-IAM4'));

describe('acknowledgements with ARNs in their ids', () => {
  test('Validations.of(x).acknowledge throws for a SecureServerless id with an S3 ARN and for an IAM4 id', () => {
    const { policy } = bucketPolicy();
    expect(() => Validations.of(policy).acknowledge({ id: BUCKET_OBJECTS, reason: 'objects under the bucket' }))
      .toThrow(/Invalid validation rule ID/);
    const { role } = lambdaRole();
    expect(() => Validations.of(role).acknowledge({ id: BASIC_EXECUTION_ROLE, reason: 'basic logging' }))
      .toThrow(/Invalid validation rule ID/);
  });

  test('acknowledgeFinding is honoured by SecureServerlessChecks, finding by finding', () => {
    const { stack, policy } = bucketPolicy();
    expect(findingsOf(stack, 'IamPolicyNoPartialWildcards')).toEqual([
      `${BUCKET_ACTIONS} @ Stack/Policy`,
      `${BUCKET_OBJECTS} @ Stack/Policy`,
    ]);
    acknowledgeFinding(policy, BUCKET_OBJECTS, 'Readers get every object under the bucket by design');
    expect(findingsOf(stack, 'IamPolicyNoPartialWildcards')).toEqual([`${BUCKET_ACTIONS} @ Stack/Policy`]);
    acknowledgeFinding(policy, BUCKET_ACTIONS, 'GetObject and its Version/Tagging variants');
    expect(findingsOf(stack, 'IamPolicyNoPartialWildcards')).toEqual([]);
    expect(acknowledgements(stack)).toEqual([`Stack/Policy: ${BUCKET_ACTIONS}`, `Stack/Policy: ${BUCKET_OBJECTS}`]);
  });

  test('acknowledgeFinding is honoured by AwsSolutionsChecks for an IAM4 policy ARN id', () => {
    const { stack, role } = lambdaRole();
    expect(iam4(stack).map((finding) => finding.rule)).toEqual([BASIC_EXECUTION_ROLE]);
    acknowledgeFinding(role, BASIC_EXECUTION_ROLE, 'The managed basic execution policy is what this role needs');
    expect(iam4(stack)).toEqual([]);
  });

  test('an acknowledgement on an ancestor covers the resources below it', () => {
    const { stack } = bucketPolicy();
    acknowledgeFinding(stack, BUCKET_OBJECTS, 'Every policy in this stack reads whole buckets');
    expect(findingsOf(stack, 'IamPolicyNoPartialWildcards')).toEqual([`${BUCKET_ACTIONS} @ Stack/Policy`]);
  });

  test('ids with a single "::" work either way', () => {
    const stack = newStack();
    const policy = new iam.CfnPolicy(stack, 'Policy', {
      policyName: 'xray',
      roles: ['r'],
      policyDocument: { Statement: [{ Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' }] },
    });
    Validations.of(policy).acknowledge({ id: 'SecureServerless-IamPolicyNoFullWildcards[Resource::*]', reason: 'X-Ray takes only Resource *' });
    expect(new SecureServerlessChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('acknowledgement terms', () => {
  test('an expiry that is not a real YYYY-MM-DD day fails, naming the construct and the fix', () => {
    const { policy } = bucketPolicy();
    for (const expires of ['2027-02-30', '31/01/2027', '2027-1-31', '']) {
      expect(() => acknowledgeFinding(policy, BUCKET_OBJECTS, 'objects under the bucket', { expires }))
        .toThrow(`[Stack/Policy] acknowledgement of ${BUCKET_OBJECTS}: expires '${expires}' is not a date. Fix: write the last day it holds as YYYY-MM-DD (UTC)`);
    }
  });

  test('an empty ticket fails', () => {
    const { policy } = bucketPolicy();
    expect(() => acknowledgeFinding(policy, BUCKET_OBJECTS, 'objects under the bucket', { ticket: ' ' })).toThrow(withCode('Acknowledgement.EmptyTicket'));
  });

  test('terms are recorded beside the acknowledgement, which cdk-nag still honours in the app', () => {
    const { stack, policy } = bucketPolicy();
    acknowledgeFinding(policy, BUCKET_OBJECTS, 'objects under the bucket', { expires: '2024-02-29', ticket: 'SEC-1' });
    acknowledgeFinding(policy, BUCKET_ACTIONS, 'read only', { ticket: 'SEC-2' });
    const terms = policy.node.metadata.filter((entry) => entry.type === 'cdk-secure-serverless:acknowledgement-terms');
    expect(terms[terms.length - 1].data).toEqual({
      [BUCKET_OBJECTS]: { expires: '2024-02-29', ticket: 'SEC-1' },
      [BUCKET_ACTIONS]: { expires: undefined, ticket: 'SEC-2' },
    });
    expect(nagFindings(stack, [new SecureServerlessChecks()])).toEqual([]);
  });
});
