import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { l1Policy, policyDocument } from '../l1-fixtures';
import { descriptionsOf, findingsOf, newStack, severityOf } from '../rule-findings';

const RULE = 'IamPolicyNoPartialWildcards';
const id = (finding: string, path: string) => `SecureServerless-${RULE}[${finding}] @ ${path}`;

describe(RULE, () => {
  test('Noncompliance 1: L1 policies with action prefixes and resource patterns', () => {
    const stack = newStack();
    l1Policy(stack, 'Policy', policyDocument({ Effect: 'Allow', Action: ['s3:Get*', 's3:PutObject'], Resource: 'arn:aws:s3:::bucket/*' }));
    new sqs.CfnQueuePolicy(stack, 'QueuePolicy', {
      queues: ['q'],
      policyDocument: policyDocument({ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:Send*', Resource: 'arn:aws:sqs:us-east-1:111111111111:q' }),
    });
    expect(findingsOf(stack, RULE)).toEqual([
      id('Action::s3:Get*', 'Stack/Policy'),
      id('Action::sqs:Send*', 'Stack/QueuePolicy'),
      id('Resource::arn:aws:s3:::bucket/*', 'Stack/Policy'),
    ]);
    expect(severityOf(stack, RULE)).toEqual(['warning']);
  });

  test('Noncompliance 2: an L2 bucket grantRead', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new s3.Bucket(stack, 'Bucket').grantRead(role);
    expect(findingsOf(stack, RULE)).toEqual([
      id('Action::s3:GetBucket*', 'Stack/Role/DefaultPolicy/Resource'),
      id('Action::s3:GetObject*', 'Stack/Role/DefaultPolicy/Resource'),
      id('Action::s3:List*', 'Stack/Role/DefaultPolicy/Resource'),
      id('Resource::<Bucket83908E77.Arn>/*', 'Stack/Role/DefaultPolicy/Resource'),
    ]);
  });

  test('Noncompliance 3: a statement under Fn::If could not be validated', () => {
    const stack = newStack();
    l1Policy(stack, 'Conditional', { Statement: [{ 'Fn::If': ['Cond', { Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Ref: 'AWS::NoValue' }] }] });
    expect(descriptionsOf(stack, RULE)[0]).toMatch(/statement 0 could not be validated: the statement/);
  });

  test('Compliance: exact actions and resources, full wildcards (left to IamPolicyNoFullWildcards), key policies', () => {
    const stack = newStack();
    l1Policy(stack, 'Exact', policyDocument({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/report.csv' }));
    l1Policy(stack, 'Full', policyDocument({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
    l1Policy(stack, 'Deny', policyDocument({ Effect: 'Deny', Action: 's3:Delete*', Resource: 'arn:aws:s3:::bucket/*' }));
    new kms.Key(stack, 'Key', { enableKeyRotation: true });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
