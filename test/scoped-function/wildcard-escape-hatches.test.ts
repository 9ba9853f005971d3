import { App, Aspects, Aws, CfnCondition, CfnOutput, CfnParameter, CustomResource, Fn, IAspect, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { CODE, defaultFunction, synthErrors } from './fixtures';
import { EncryptedTable } from '../../src/encrypted-table';
import { KeyPerUsePolicy } from '../../src/key-per-use-policy';
import { ScopedFunction } from '../../src/scoped-function';
import { ACCOUNT, REGION } from '../support/cfn-resolve';

/*
 * Invariant 3 (no wildcard escapes): no policy attached to a ScopedFunction's role anywhere in
 * the app grants a wildcard without a named, reasoned exception, and values that can't be
 * resolved at synthesis fail closed. Each test is one door an attacker (or a hurried user) can
 * use to attach a policy to the role without going through the function.
 */

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/findings';
const EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const adminStatement = () => new iam.PolicyStatement({ actions: ['*'], resources: ['*'] });

/** A second stack in the same app as the function's. */
function otherStack(stack: Stack, id = 'Other'): Stack {
  return new Stack(stack.node.root as App, id, { env: { account: ACCOUNT, region: REGION } });
}

describe('policies attached to the role from outside the function', () => {
  test('an AWS::IAM::RolePolicy (CfnRolePolicy) with Action * and Resource * naming the role', () => {
    const { stack, fn } = defaultFunction();
    new iam.CfnRolePolicy(stack, 'Sneaky', { roleName: fn.role.roleName, policyName: 'sneaky', policyDocument: EVERYTHING });
    const errors = synthErrors(stack);
    expect(errors).toMatch(/\[Test\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in role policy Test\/Sneaky allows the wildcard action '\*'/);
    expect(errors).toMatch(/\[Test\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in role policy Test\/Sneaky allows the wildcard resource '\*'/);
  });

  test('an iam.Policy in another stack, the role passed across stacks', () => {
    const { stack, fn } = defaultFunction();
    const other = otherStack(stack);
    new iam.Policy(other, 'Extra', { roles: [fn.role], statements: [adminStatement()] });
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in policy Other\/Extra\/Resource allows the wildcard action '\*'/);
  });

  test('a CfnRolePolicy in another stack naming role.roleName', () => {
    const { stack, fn } = defaultFunction();
    const other = otherStack(stack);
    new iam.CfnRolePolicy(other, 'Sneaky', { roleName: fn.role.roleName, policyName: 'sneaky', policyDocument: EVERYTHING });
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in role policy Other\/Sneaky allows the wildcard action '\*'/);
  });

  test('a policy in another stack on a role imported by the ARN passed across stacks (role.roleArn)', () => {
    const { stack, fn } = defaultFunction();
    const other = otherStack(stack);
    const imported = iam.Role.fromRoleArn(other, 'Imported', fn.role.roleArn);
    imported.addToPrincipalPolicy(adminStatement());
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in policy Other\/Imported\/Policy\/Resource allows the wildcard action '\*'/);
  });

  test('an AWS::IAM::ManagedPolicy (CfnManagedPolicy) whose Roles name the role', () => {
    const { stack, fn } = defaultFunction();
    new iam.CfnManagedPolicy(stack, 'Managed', { roles: [fn.role.roleName], policyDocument: EVERYTHING });
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in managed policy Test\/Managed allows the wildcard action '\*'/);
  });

  test("addOverride on the role's ManagedPolicyArns: an AWS-managed policy", () => {
    const { stack, fn } = defaultFunction();
    (fn.role.node.defaultChild as iam.CfnRole).addPropertyOverride('ManagedPolicyArns', ['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] the role holds the managed policy arn:aws:iam::aws:policy\/AdministratorAccess, whose statements can't be checked/);
  });

  test("addOverride on the role's ManagedPolicyArns: a customer-managed policy of another stack", () => {
    const { stack, fn } = defaultFunction();
    const other = otherStack(stack);
    const wide = new iam.ManagedPolicy(other, 'Wide', { statements: [adminStatement()] });
    (fn.role.node.defaultChild as iam.CfnRole).addPropertyOverride('ManagedPolicyArns', [fn.policy.managedPolicyArn, wide.managedPolicyArn]);
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in managed policy Other\/Wide\/Resource allows the wildcard action '\*'/);
  });

  test("addOverride on the role's Policies", () => {
    const { stack, fn } = defaultFunction();
    (fn.role.node.defaultChild as iam.CfnRole).addOverride('Properties.Policies', [{ PolicyName: 'Sneaky', PolicyDocument: EVERYTHING }]);
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in inline policy 'Sneaky' of Test\/Fn\/ServiceRole allows the wildcard action '\*'/);
  });

  test('an inline policy on the role behind Fn::If: both branches are read', () => {
    const { stack, fn } = defaultFunction();
    const wide = new CfnCondition(stack, 'Wide', { expression: Fn.conditionEquals(Aws.REGION, 'us-east-1') });
    (fn.role.node.defaultChild as iam.CfnRole).addOverride('Properties.Policies', [
      Fn.conditionIf(wide.logicalId, { PolicyName: 'Sneaky', PolicyDocument: EVERYTHING }, Aws.NO_VALUE),
      Fn.conditionIf(wide.logicalId, { Ref: 'SomeParameter' }, Aws.NO_VALUE),
    ]);
    const errors = synthErrors(stack);
    expect(errors).toMatch(/in inline policy 'Sneaky' of Test\/Fn\/ServiceRole allows the wildcard action '\*'/);
    expect(errors).toMatch(/\[Test\/Fn\] the role's inline policy <SomeParameter> is not known at synthesis/);
  });

  test("the Lambda function's Role replaced by an override: the enforcement would check the wrong role", () => {
    const { stack, fn } = defaultFunction();
    (fn.function.node.defaultChild as lambda.CfnFunction).addPropertyOverride('Role', 'arn:aws:iam::111111111111:role/admin');
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] the function's Role is arn:aws:iam::111111111111:role\/admin, not its own role Test\/Fn\/ServiceRole/);
  });

  test('a role policy whose role name is a template parameter may name the role: its wildcards fail closed', () => {
    const { stack } = defaultFunction();
    const roleName = new CfnParameter(stack, 'RoleName');
    new iam.CfnRolePolicy(stack, 'Maybe', { roleName: roleName.valueAsString, policyName: 'maybe', policyDocument: EVERYTHING });
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in role policy Test\/Maybe, which may be attached to the role \(its role <RoleName> is not known at synthesis\), allows the wildcard action '\*'/);
  });
});

describe('late additions', () => {
  test('an Aspect that adds a statement to the function policy', () => {
    const { stack, fn } = defaultFunction();
    Aspects.of(stack).add(new class implements IAspect {
      public visit(node: IConstruct) {
        if (node === fn) {
          fn.policy.addStatements(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::b/k'] }));
        }
      }
    }());
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[s3:\*\] on \[arn:aws:s3:::b\/k\]\) in managed policy Test\/Fn\/ServiceRole\/Policy\/Resource allows the wildcard action 's3:\*'/);
  });

  test('an Aspect that attaches a new role policy in another stack', () => {
    const { stack, fn } = defaultFunction();
    const other = otherStack(stack);
    Aspects.of(other).add(new class implements IAspect {
      public visit(node: IConstruct) {
        if (node === other) {
          new iam.CfnRolePolicy(other, 'Late', { roleName: fn.role.roleName, policyName: 'late', policyDocument: EVERYTHING });
        }
      }
    }());
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in role policy Other\/Late allows the wildcard action '\*'/);
  });

  test('an override of the function policy\'s document', () => {
    const { stack, fn } = defaultFunction();
    (fn.policy.node.defaultChild as iam.CfnManagedPolicy).addPropertyOverride('PolicyDocument.Statement.0.Action', 'iam:*');
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement .* in managed policy Test\/Fn\/ServiceRole\/Policy\/Resource allows the wildcard action 'iam:\*'/);
  });

  test('a policy in a nested stack, which receives the role name as a parameter, fails closed', () => {
    const { stack, fn } = defaultFunction();
    const nested = new NestedStack(stack, 'Nested');
    new iam.Policy(nested, 'Extra', { roles: [fn.role], statements: [adminStatement()] });
    new iam.Policy(nested, 'Exact', { roles: [fn.role], statements: [new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [TABLE_ARN] })] });
    const errors = synthErrors(stack);
    expect(errors).toMatch(/in policy Test\/Nested\/Extra\/Resource, which may be attached to the role \(its role <.*> is not known at synthesis\), allows the wildcard action '\*'/);
    expect(errors).not.toContain('Exact');
  });

  test('a function inside a Stage: the policies of the Stage\'s other stacks count', () => {
    const app = new App();
    const stage = new Stage(app, 'Prod');
    const stack = new Stack(stage, 'Service', { env: { account: ACCOUNT, region: REGION } });
    const keys = new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleName(stack, 'Admins', 'admins')] });
    const fn = new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler', keys });
    const other = new Stack(stage, 'Other', { env: { account: ACCOUNT, region: REGION } });
    new iam.Policy(other, 'Extra', { roles: [fn.role], statements: [adminStatement()] });
    expect(() => app.synth()).toThrow(/\[Prod\/Service\/Fn\] statement \(Allow \[\*\] on \[\*\]\) in policy Prod\/Other\/Extra\/Resource/);
  });
});

describe('values not known at synthesis fail closed', () => {
  test('a CfnParameter as Action', () => {
    const { stack, fn } = defaultFunction();
    const action = new CfnParameter(stack, 'Action');
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: [action.valueAsString], resources: [TABLE_ARN] }));
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[<Action>\] on \[.*\]\) in managed policy Test\/Fn\/ServiceRole\/Policy\/Resource allows the action '<Action>', a template parameter, which is not known at synthesis\. Fix: .*fn\.allowWildcardAction/);
  });

  test('a CfnParameter as Resource', () => {
    const { stack, fn } = defaultFunction();
    const resource = new CfnParameter(stack, 'Resource');
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [resource.valueAsString] }));
    expect(synthErrors(stack)).toMatch(/allows the resource '<Resource>', a template parameter, which is not known at synthesis\. Fix: .*fn\.allowWildcardResource/);
  });

  test('Fn.importValue of an export made outside the app, as Resource', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [Fn.importValue('SharedTableArn')] }));
    expect(synthErrors(stack)).toMatch(/allows the resource 'SharedTableArn', an import of an export made outside this app, which is not known at synthesis/);
  });

  test('Fn.importValue of an export of this app is read through: a * exported by another stack is seen', () => {
    const { stack, fn } = defaultFunction();
    new CfnOutput(otherStack(stack), 'Everything', { value: '*', exportName: 'Everything' });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [Fn.importValue('Everything')] }));
    expect(synthErrors(stack)).toMatch(/\[Test\/Fn\] statement \(Allow \[dynamodb:GetItem\] on \[Everything\]\) .* allows the wildcard resource '\*'/);
  });

  test('a CfnParameter inside an ARN', () => {
    const { stack, fn } = defaultFunction();
    const table = new CfnParameter(stack, 'TableName');
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [`arn:aws:dynamodb:us-east-1:111111111111:table/${table.valueAsString}`] }));
    expect(synthErrors(stack)).toMatch(/allows the resource 'arn:aws:dynamodb:us-east-1:111111111111:table\/<TableName>', a template parameter, which is not known at synthesis/);
  });

  test('a custom resource attribute as Resource: whatever its Lambda returns', () => {
    const { stack, fn } = defaultFunction();
    const lookup = new CustomResource(stack, 'Lookup', { serviceToken: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:lookup` });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [lookup.getAttString('TableArn')] }));
    expect(synthErrors(stack)).toMatch(/allows the resource '<Lookup\.TableArn>', an attribute of AWS::CloudFormation::CustomResource Test\/Lookup\/Default, known only at deploy time, which is not known at synthesis/);
  });

  test('an SSM dynamic reference as Resource', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['{{resolve:ssm:/shared/table-arn}}'] }));
    // Written in cdk-nag's rendering (every '}' as '>'), which acknowledgements must match.
    expect(synthErrors(stack)).toMatch(/allows the resource '\{\{resolve:ssm:\/shared\/table-arn>>', a dynamic reference resolved at deploy time, which is not known at synthesis/);
  });

  test('a value computed by Fn::Select over a list parameter', () => {
    const { stack, fn } = defaultFunction();
    const tables = new CfnParameter(stack, 'Tables', { type: 'CommaDelimitedList' });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [Fn.select(0, tables.valueAsList)] }));
    expect(synthErrors(stack)).toMatch(/, the result of Fn::Select, computed at deploy time, which is not known at synthesis/);
  });

  test('Fn::If: a * in either branch counts, whatever the condition', () => {
    const { stack, fn } = defaultFunction();
    const wide = new CfnCondition(stack, 'Wide', { expression: Fn.conditionEquals(Aws.REGION, 'us-east-1') });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [Fn.conditionIf(wide.logicalId, '*', TABLE_ARN).toString()] }));
    expect(synthErrors(stack)).toMatch(/allows the wildcard resource '\*'/);
  });

  test('each passes once an exception with a reason names it', () => {
    const { stack, fn } = defaultFunction();
    const action = new CfnParameter(stack, 'Action');
    const resource = new CfnParameter(stack, 'Resource');
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: [action.valueAsString], resources: [resource.valueAsString] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [Fn.importValue('SharedTableArn')] }));
    fn.allowWildcardAction(action.valueAsString, 'the operator picks the one read action at deploy time');
    fn.allowWildcardResource(resource.valueAsString, 'the operator names the table at deploy time');
    fn.allowWildcardResource(Fn.importValue('SharedTableArn'), 'the platform stack exports the shared table ARN');
    expect(synthErrors(stack)).toEqual('');
  });
});

describe('no false alarms', () => {
  test('an exact policy in another stack naming the role passes', () => {
    const { stack, fn } = defaultFunction();
    new iam.Policy(otherStack(stack), 'Exact', { roles: [fn.role], statements: [new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [TABLE_ARN] })] });
    expect(synthErrors(stack)).toEqual('');
  });

  test.each(['strong', 'weak'])('an exact grant on a table of another stack passes (%s cross-stack references)', (strength) => {
    const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': strength } });
    const env = { account: ACCOUNT, region: REGION };
    const data = new Stack(app, 'Data', { env });
    const keys = new KeyPerUsePolicy(data, 'Keys', { adminRoles: [iam.Role.fromRoleArn(data, 'Admins', `arn:aws:iam::${ACCOUNT}:role/admins`)] });
    const table = new EncryptedTable(data, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, keys });
    const service = new Stack(app, 'Service', { env });
    const fn = new ScopedFunction(service, 'Fn', { code: CODE, handler: 'index.handler', keys });
    table.grantActions(fn, 'dynamodb:GetItem');
    expect(synthErrors(service)).toEqual('');
  });

  test("a wildcard policy on another role of the app is not the function's business", () => {
    const { stack } = defaultFunction();
    const other = otherStack(stack);
    const role = new iam.Role(other, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    new iam.CfnRolePolicy(other, 'AdminPolicy', { roleName: role.roleName, policyName: 'admin', policyDocument: EVERYTHING });
    new iam.CfnRolePolicy(stack, 'Literal', { roleName: 'some-named-role', policyName: 'admin', policyDocument: EVERYTHING });
    expect(synthErrors(stack)).toEqual('');
  });

  test('keys imported through SSM parameters (KeyPerUsePolicy.fromParameters) are known key ARNs', () => {
    const stack = new Stack(new App(), 'Service', { env: { account: ACCOUNT, region: REGION } });
    const keys = KeyPerUsePolicy.fromParameters(stack, 'Keys', '/platform/keys');
    new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler', keys });
    expect(synthErrors(stack)).toEqual('');
  });
});
