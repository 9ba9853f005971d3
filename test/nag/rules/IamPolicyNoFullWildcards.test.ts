import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { acknowledgeFinding } from '../../../src/private/acknowledge';
import { l1Policy, policyDocument } from '../l1-fixtures';
import { descriptionsOf, findingsOf, newStack, parameter } from '../rule-findings';

const RULE = 'IamPolicyNoFullWildcards';
const id = (finding: string, path: string) => `SecureServerless-${RULE}[${finding}] @ ${path}`;

describe(RULE, () => {
  test('Noncompliance 1: L1 identity policies with *, service:*, NotAction and NotResource', () => {
    const stack = newStack();
    l1Policy(stack, 'Policy', policyDocument({ Effect: 'Allow', Action: ['s3:*', 's3:GetObject'], Resource: '*' }));
    new iam.CfnManagedPolicy(stack, 'Managed', { policyDocument: policyDocument({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket' }) });
    new iam.CfnRole(stack, 'Role', {
      assumeRolePolicyDocument: policyDocument({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      policies: [{ policyName: 'inline', policyDocument: policyDocument({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::bucket' }) }],
    });
    expect(findingsOf(stack, RULE)).toEqual([
      id('Action::*', 'Stack/Managed'),
      id('Action::s3:*', 'Stack/Policy'),
      id('NotAction::iam:*', 'Stack/Role'),
      id('NotResource::arn:aws:s3:::bucket', 'Stack/Role'),
      id('Resource::*', 'Stack/Policy'),
    ]);
  });

  test('Noncompliance 2: L1 resource policies of buckets, queues, topics and keys', () => {
    const stack = newStack();
    const anyone = { AWS: 'arn:aws:iam::111111111111:root' };
    new s3.CfnBucketPolicy(stack, 'BucketPolicy', { bucket: 'bucket', policyDocument: policyDocument({ Effect: 'Allow', Principal: anyone, Action: 's3:*', Resource: 'arn:aws:s3:::bucket' }) });
    new sqs.CfnQueuePolicy(stack, 'QueuePolicy', { queues: ['q'], policyDocument: policyDocument({ Effect: 'Allow', Principal: anyone, Action: 'sqs:SendMessage', Resource: '*' }) });
    new sns.CfnTopicPolicy(stack, 'TopicPolicy', { topics: ['t'], policyDocument: policyDocument({ Effect: 'Allow', Principal: anyone, Action: ['sns:*'], Resource: '*' }) });
    new kms.CfnKey(stack, 'Key', { keyPolicy: policyDocument({ Effect: 'Allow', Principal: anyone, Action: 'kms:*', Resource: '*' }) });
    expect(findingsOf(stack, RULE)).toEqual([
      id('Action::kms:*', 'Stack/Key'),
      id('Action::s3:*', 'Stack/BucketPolicy'),
      id('Action::sns:*', 'Stack/TopicPolicy'),
      id('Resource::*', 'Stack/QueuePolicy'),
      id('Resource::*', 'Stack/TopicPolicy'),
    ]);
  });

  test('Noncompliance 3: plain L2s: a wildcard grant, a default KMS key, a bucket resource policy', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['s3:*'], resources: [bucket.arnForObjects('*')] }));
    expect(findingsOf(stack, RULE)).toEqual([
      id('Action::dynamodb:*', 'Stack/Role/DefaultPolicy/Resource'),
      id('Action::kms:*', 'Stack/Key/Resource'),
      id('Action::s3:*', 'Stack/Bucket/Policy/Resource'),
      id('Resource::*', 'Stack/Role/DefaultPolicy/Resource'),
    ]);
  });

  test('Noncompliance 4: actions or resources from template parameters could not be validated', () => {
    // cdk-nag keeps one description per rule id, so each case gets its own stack.
    const actionStack = newStack('Actions');
    l1Policy(actionStack, 'ParamAction', policyDocument({ Effect: 'Allow', Action: parameter(actionStack, 'Action').valueAsString, Resource: 'arn:aws:s3:::b' }));
    expect(descriptionsOf(actionStack, RULE)).toEqual([expect.stringMatching(
      /Actions\/ParamAction: PolicyDocument, statement 0 could not be validated: the action \{"Ref":"Action"\} is not known at synth time/)]);

    const resourceStack = newStack('Resources');
    l1Policy(resourceStack, 'ParamResource', policyDocument({ Effect: 'Allow', Action: 's3:GetObject', Resource: parameter(resourceStack, 'Resource').valueAsString }));
    expect(descriptionsOf(resourceStack, RULE)).toEqual([expect.stringMatching(
      /ParamResource: PolicyDocument, statement 0 could not be validated: the resource comes from the template parameter Resources\/Resource/)]);
  });

  test('Noncompliance 5: full-access AWS managed policies attached to roles, users and groups', () => {
    // AWS Managed Policy Reference: AdministratorAccess allows Action * on Resource *; PowerUserAccess NotAction iam:*... on *.
    const stack = newStack();
    const role = new iam.Role(stack, 'Admin', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
      ],
    });
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess'));
    new iam.CfnUser(stack, 'User', { managedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'] });
    new iam.CfnGroup(stack, 'Group', { managedPolicyArns: ['arn:aws-us-gov:iam::aws:policy/AWSLambda_FullAccess'] });
    expect(findingsOf(stack, RULE)).toEqual([
      id('ManagedPolicy::AWSLambda_FullAccess', 'Stack/Group'),
      id('ManagedPolicy::AdministratorAccess', 'Stack/Admin/Resource'),
      id('ManagedPolicy::AmazonS3FullAccess', 'Stack/Admin/Resource'),
      id('ManagedPolicy::PowerUserAccess', 'Stack/User'),
    ]);

    const param = newStack('Param');
    new iam.CfnUser(param, 'User', { managedPolicyArns: [parameter(param, 'PolicyArn').valueAsString] });
    expect(descriptionsOf(param, RULE)).toEqual([expect.stringMatching(/ManagedPolicyArns\[0\] could not be validated: the managed policy ARN comes from the template parameter/)]);
  });

  test('Noncompliance 6: Lambda permissions for any principal without a source condition, or for lambda:*', () => {
    // AWS::Lambda::Permission: "If you grant permission to a service principal without specifying the source, other accounts could potentially ... invoke your Lambda function."
    const stack = newStack();
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    fn.addPermission('Anyone', { principal: new iam.AnyPrincipal() });
    fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    new lambda.CfnPermission(stack, 'AllActions', { functionName: fn.functionName, action: 'lambda:*', principal: '111111111111' });
    expect(findingsOf(stack, RULE)).toEqual([
      id('Action::lambda:*', 'Stack/AllActions'),
      id('Principal::*', 'Stack/Fn/Anyone'),
      // A public function URL: CDK adds InvokeFunctionUrl and InvokeFunction (InvokedViaFunctionUrl) for anyone.
      id('Principal::*', 'Stack/Fn/invoke-function'),
      id('Principal::*', 'Stack/Fn/invoke-function-url'),
    ]);
  });

  test('Compliance: exact grants, Deny statements, resource * in key policies, trust policies', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AnyPrincipal() });
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('reports/2024.csv')] }));
    l1Policy(stack, 'Deny', policyDocument({ Effect: 'Deny', Action: '*', Resource: '*' }));
    new kms.CfnKey(stack, 'Key', { keyPolicy: policyDocument({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/admin' }, Action: ['kms:Decrypt'], Resource: '*' }) });
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'));
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    fn.addPermission('FromBucket', { principal: new iam.ServicePrincipal('s3.amazonaws.com'), sourceArn: bucket.bucketArn, sourceAccount: '111111111111' });
    fn.addPermission('FromOrg', { principal: new iam.AnyPrincipal(), organizationId: 'o-abcd1234' });
    new lambda.CfnPermission(stack, 'FromAccount', { functionName: fn.functionName, action: 'lambda:InvokeFunction', principal: '*', sourceAccount: '111111111111' });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });

  test('Each finding is acknowledged on its own', () => {
    const stack = newStack();
    const policy = l1Policy(stack, 'Policy', policyDocument({ Effect: 'Allow', Action: ['xray:PutTraceSegments', 's3:*'], Resource: '*' }));
    acknowledgeFinding(policy, `SecureServerless-${RULE}[Resource::*]`, 'X-Ray accepts only Resource *');
    expect(findingsOf(stack, RULE)).toEqual([id('Action::s3:*', 'Stack/Policy')]);
  });
});
