import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CODE, defaultFunction, isolatedVpc, synth, synthErrors } from './fixtures';
import { KeyPerUsePolicy } from '../../src/key-per-use-policy';
import { SecureServerlessChecks } from '../../src/nag';
import { ScopedFunction } from '../../src/scoped-function';
import { ACCOUNT, REGION } from '../support/cfn-resolve';
import { withCode } from '../support/failures';
import { acknowledgementReasons, acknowledgements, nagFindings } from '../support/nag';

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/findings';

describe('the default function passes its own enforcement', () => {
  test('without a VPC', () => {
    const { stack } = defaultFunction();
    expect(synthErrors(stack)).toEqual('');
  });

  test('in a VPC, with policy minimization merging the X-Ray and ENI statements', () => {
    const app = new App({ context: { '@aws-cdk/aws-iam:minimizePolicies': true } });
    const stack = new Stack(app, 'Test', { env: { account: ACCOUNT, region: REGION } });
    const keys = new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleName(stack, 'Admins', 'admins')] });
    new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler', keys, vpc: isolatedVpc(stack) });
    expect(synthErrors(stack)).toEqual('');
  });

  test('an exact grant passes', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:Query'], resources: [TABLE_ARN] }));
    expect(synthErrors(stack)).toEqual('');
  });

  test('Deny statements may use wildcards', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['s3:*'], resources: ['*'] }));
    expect(synthErrors(stack)).toEqual('');
  });
});

describe('each way a wildcard arrives fails synthesis, naming the function, the statement and the part', () => {
  test('its own grant with a prefix action (dynamodb:Get*)', () => {
    const { stack, fn } = defaultFunction();
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['dynamodb:Get*'], resourceArns: [TABLE_ARN] });
    expect(synthErrors(stack)).toMatch(
      /\[Test\/Fn\] statement \(Allow \[dynamodb:Get\*\] on \[arn:aws:dynamodb:us-east-1:111111111111:table\/findings\]\) in managed policy Test\/Fn\/ServiceRole\/Policy\/Resource allows the wildcard action 'dynamodb:Get\*'/,
    );
  });

  test('an aws-cdk-lib L2 grant (bucket.grantReadWrite): each wildcard, with the exact alternatives', () => {
    const { stack, fn } = defaultFunction();
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.grantReadWrite(fn);
    const errors = synthErrors(stack);
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      expect(errors).toContain(`allows the wildcard action '${action}'`);
    }
    expect(errors).toMatch(/'s3:GetObject\*' comes from a bucket's grantRead\/grantReadWrite\. Grant only the exact actions the code calls \(e\.g\. 's3:GetObject', 's3:GetObjectVersion'\)/);
    expect(errors).toMatch(/allows the wildcard resource '<Bucket83908E77\.Arn>\/\*'/);
    expect(errors).toContain("fn.allowWildcardAction('s3:List*', '<why>')");
  });

  test('an L2 grant on a table (grantReadData) brings no wildcard action, but a grantFullAccess does', () => {
    const { stack, fn } = defaultFunction();
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    table.grantFullAccess(fn);
    expect(synthErrors(stack)).toMatch(/allows the wildcard action 'dynamodb:\*'\. Fix: 'dynamodb:\*' comes from a table's grantFullAccess/);
  });

  test('addToRolePolicy with a service wildcard (s3:*)', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::reports/latest.json'] }));
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[s3:\*\] on \[arn:aws:s3:::reports\/latest\.json\]\) .* allows the wildcard action 's3:\*'/);
  });

  test("Resource '*' on an exact action", () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['*'] }));
    expect(synthErrors(stack)).toMatch(/statement \(Allow \[dynamodb:GetItem\] on \[\*\]\) .* allows the wildcard resource '\*'\. Fix: Scope the statement/);
  });

  test("the action '*'", () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['*'], resources: [TABLE_ARN] }));
    expect(synthErrors(stack)).toMatch(/allows the wildcard action '\*'/);
  });

  test('a resource ARN pattern (bucket.arnForObjects("*"))', () => {
    const { stack, fn } = defaultFunction();
    const bucket = new s3.Bucket(stack, 'Bucket');
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }));
    expect(synthErrors(stack)).toMatch(/allows the wildcard resource '<Bucket83908E77\.Arn>\/\*'\. Fix: Name the exact resources/);
  });

  test("a statement added through the lambda.Function's own addToRolePolicy", () => {
    const { stack, fn } = defaultFunction();
    fn.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:*'], resources: ['*'] }));
    const errors = synthErrors(stack);
    expect(errors).toContain("allows the wildcard action 'sqs:*'");
    expect(errors).toContain("allows the wildcard resource '*'");
  });

  test("'*' on X-Ray's actions is allowed, but not once another action shares the statement", () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:GetSamplingRules'], resources: ['*'] }));
    expect(synthErrors(stack)).toMatch(/statement \(Allow \[xray:PutTraceSegments, xray:GetSamplingRules\] on \[\*\]\) .* allows the wildcard resource '\*'/);
  });

  test('ENI actions on * are allowed only for a function in a VPC', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface'], resources: ['*'] }));
    expect(synthErrors(stack)).toContain("allows the wildcard resource '*'");
  });

  test('NotAction and NotResource in an Allow statement', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ notActions: ['iam:PassRole'], resources: [TABLE_ARN] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], notResources: [TABLE_ARN] }));
    const errors = synthErrors(stack);
    expect(errors).toContain('uses NotAction, which allows every action but those listed');
    expect(errors).toContain('uses NotResource, which allows every resource but those listed');
  });

  test('another policy attached to the role (an inline iam.Policy)', () => {
    const { stack, fn } = defaultFunction();
    new iam.Policy(stack, 'Extra', { roles: [fn.role], statements: [new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::b/k'] })] });
    expect(synthErrors(stack)).toMatch(/in policy Test\/Extra\/Resource allows the wildcard action 's3:Get\*'/);
  });

  test("an inline policy written on the role's CloudFormation resource (escape hatch)", () => {
    const { stack, fn } = defaultFunction();
    (fn.role.node.defaultChild as iam.CfnRole).policies = [{
      policyName: 'Sneaky',
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: TABLE_ARN }] },
    }];
    expect(synthErrors(stack)).toMatch(/in inline policy 'Sneaky' of Test\/Fn\/ServiceRole allows the wildcard action 'dynamodb:\*'/);
  });

  test('another customer-managed policy attached to the role', () => {
    const { stack, fn } = defaultFunction();
    new iam.ManagedPolicy(stack, 'Other', { roles: [fn.role], statements: [new iam.PolicyStatement({ actions: ['kms:GenerateDataKey*'], resources: ['arn:aws:kms:us-east-1:111111111111:key/k'] })] });
    expect(synthErrors(stack)).toMatch(/in managed policy Test\/Other\/Resource allows the wildcard action 'kms:GenerateDataKey\*'\. Fix: 'kms:GenerateDataKey\*' comes from/);
  });

  test('an AWS-managed policy, whose statements cannot be read', () => {
    const { stack, fn } = defaultFunction();
    fn.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'));
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] the role holds the managed policy arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole, whose statements can't be checked/);
  });

  test('every violation is reported at once', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Get*'], resources: [TABLE_ARN] }));
    const errors = synthErrors(stack);
    expect(errors.match(/\[Test\/Fn\] statement/g)).toHaveLength(3);
  });
});

describe('reasoned exceptions', () => {
  test('a registered wildcard action passes and becomes the matching acknowledgement with the same reason', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject*'], resources: ['arn:aws:s3:::reports/latest.json'] }));
    fn.allowWildcardAction('s3:GetObject*', 'the report reader needs every GetObject variant the SDK may call');
    expect(synthErrors(stack)).toEqual('');
    const reasons = acknowledgementReasons(stack);
    expect(reasons['Test/Fn/ServiceRole/Policy: AwsSolutions-IAM5[Action::s3:GetObject*]'])
      .toEqual('the report reader needs every GetObject variant the SDK may call');
  });

  test('a service-wide action also acknowledges the full-access rules', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['xray:*'], resources: ['*'] }));
    fn.allowWildcardAction('xray:*', 'trace tooling');
    fn.allowWildcardResource('*', 'X-Ray has no resource-level permissions');
    expect(synthErrors(stack)).toEqual('');
    expect(acknowledgements(stack).filter((line) => line.startsWith('Test/Fn/ServiceRole/Policy'))).toEqual([
      'Test/Fn/ServiceRole/Policy: AwsSolutions-IAM5[Action::xray:*]',
      'Test/Fn/ServiceRole/Policy: AwsSolutions-IAM5[Resource::*]',
      'Test/Fn/ServiceRole/Policy: HIPAA.Security-IAMPolicyNoStatementsWithFullAccess',
      'Test/Fn/ServiceRole/Policy: NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess',
      'Test/Fn/ServiceRole/Policy: PCI.DSS.321-IAMPolicyNoStatementsWithFullAccess',
      'Test/Fn/ServiceRole/Policy: SecureServerless-IamPolicyNoFullWildcards[Action::xray:*]',
      'Test/Fn/ServiceRole/Policy: SecureServerless-IamPolicyNoFullWildcards[Resource::*]',
    ]);
    expect(acknowledgementReasons(stack)['Test/Fn/ServiceRole/Policy: AwsSolutions-IAM5[Resource::*]'])
      .toMatch(/X-Ray active tracing: .* X-Ray has no resource-level permissions$/);
  });

  test('a registered wildcard resource (tokens allowed) passes and is acknowledged in cdk-nag spelling', () => {
    const { stack, fn } = defaultFunction();
    const bucket = new s3.Bucket(stack, 'Bucket');
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('uploads/*')] }));
    fn.allowWildcardResource(bucket.arnForObjects('uploads/*'), 'reads any upload the scanner drops');
    expect(synthErrors(stack)).toEqual('');
    expect(acknowledgementReasons(stack)['Test/Fn/ServiceRole/Policy: AwsSolutions-IAM5[Resource::<Bucket83908E77.Arn>/uploads/*]'])
      .toEqual('reads any upload the scanner drops');
  });

  test("the library's own pack honours the same exceptions", () => {
    const { stack, fn } = defaultFunction();
    const bucket = new s3.Bucket(stack, 'Bucket');
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject*'], resources: [bucket.arnForObjects('uploads/*')] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['xray:*'], resources: ['*'] }));
    fn.allowWildcardAction('s3:GetObject*', 'all variants of GetObject the SDK may call');
    fn.allowWildcardResource(bucket.arnForObjects('uploads/*'), 'reads any upload the scanner drops');
    fn.allowWildcardAction('xray:*', 'trace tooling');
    fn.allowWildcardResource('*', 'X-Ray has no resource-level permissions');
    expect(synthErrors(stack)).toEqual('');
    const own = nagFindings(stack, [new SecureServerlessChecks()]).filter((finding) => finding.rule.includes('Wildcards'));
    expect(own).toEqual([]);
  });

  test('an exception covers only what it names', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject*', 's3:List*'], resources: ['arn:aws:s3:::reports/latest.json'] }));
    fn.allowWildcardAction('s3:GetObject*', 'all variants');
    const errors = synthErrors(stack);
    expect(errors).not.toContain("wildcard action 's3:GetObject*'");
    expect(errors).toContain("wildcard action 's3:List*'");
  });

  test("'*' as an action can't be registered, and every exception needs a reason", () => {
    const { fn } = defaultFunction();
    expect(() => fn.allowWildcardAction('*', 'admin')).toThrow(withCode('ScopedFunction.AdministratorWildcardAction'));
    expect(() => fn.allowWildcardAction('s3:Get*', '  ')).toThrow(withCode('ScopedFunction.WildcardActionWithoutReason'));
    expect(() => fn.allowWildcardResource('*', '')).toThrow(withCode('ScopedFunction.WildcardResourceWithoutReason'));
  });
});

test('synth succeeds once the wildcard grant is replaced by exact actions', () => {
  const { stack, fn } = defaultFunction();
  const bucket = new s3.Bucket(stack, 'Bucket');
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('reports/latest.json')] }));
  expect(() => synth(stack)).not.toThrow();
});
