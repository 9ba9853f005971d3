/**
 * The permissions the gate reads from a template. Templates are written by hand as CloudFormation
 * documents them (not synthesized by the code under test), and the expected rows are written by
 * hand from IAM's policy grammar: one row per principal, action and resource of a statement.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ComplianceGate, PermissionTuple } from '../../src';

function permissionsOf(template: object): PermissionTuple[] {
  const file = join(mkdtempSync(join(tmpdir(), 'gate-perms-')), 'Stack.template.json');
  writeFileSync(file, JSON.stringify(template));
  return ComplianceGate.permissions(file);
}

const path = (p: string) => ({ 'aws:cdk:path': p });
const rows = (tuples: PermissionTuple[]) => tuples.map((t) => `${t.effect} ${t.principal} ${t.action} ${t.resource}${t.condition ? ` ${t.condition}` : ''}`).sort();

describe('identity policies', () => {
  const template = {
    Resources: {
      RoleA1B2: {
        Type: 'AWS::IAM::Role',
        Metadata: path('App/Worker/Role/Resource'),
        Properties: {
          AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          Policies: [{ PolicyName: 'inline', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['BucketC3D4', 'Arn'] }, '/in/*']] }, 'arn:aws:s3:::shared/readme.txt'] }] } }],
          ManagedPolicyArns: [{ Ref: 'ManagedE5F6' }, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/ReadOnlyAccess']] }],
        },
      },
      BucketC3D4: { Type: 'AWS::S3::Bucket', Metadata: path('App/Data/Resource') },
      TableG7H8: { Type: 'AWS::DynamoDB::Table', Metadata: path('App/Table/Resource') },
      ManagedE5F6: {
        Type: 'AWS::IAM::ManagedPolicy',
        Metadata: path('App/Worker/Managed/Resource'),
        Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs' } }] } },
      },
      PolicyI9J0: {
        Type: 'AWS::IAM::Policy',
        Metadata: path('App/Worker/Role/DefaultPolicy/Resource'),
        Properties: {
          PolicyName: 'p',
          Roles: [{ Ref: 'RoleA1B2' }, 'imported-role'],
          PolicyDocument: {
            Statement: [
              { Effect: 'Allow', Action: 'dynamodb:Query', Resource: [{ 'Fn::GetAtt': ['TableG7H8', 'Arn'] }, { 'Fn::Sub': '${TableG7H8.Arn}/index/*' }], Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } },
              { Effect: 'Deny', NotAction: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
            ],
          },
        },
      },
    },
  };

  test('one row per principal, action and resource, intrinsics as construct-path tokens', () => {
    const role = 'AWS:${App/Worker/Role.Arn}';
    const imported = 'AWS:role/imported-role';
    const regions = '{"StringEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}';
    expect(rows(permissionsOf(template))).toEqual([
      `Allow ${role} (attached managed policy) arn:\${AWS::Partition}:iam::aws:policy/ReadOnlyAccess`,
      `Allow ${role} dynamodb:Query \${App/Table.Arn} ${regions}`,
      `Allow ${role} dynamodb:Query \${App/Table.Arn}/index/* ${regions}`,
      `Allow ${role} s3:GetObject \${App/Data.Arn}/in/*`,
      `Allow ${role} s3:GetObject arn:aws:s3:::shared/readme.txt`,
      `Allow ${role} s3:PutObject \${App/Data.Arn}/in/*`,
      `Allow ${role} s3:PutObject arn:aws:s3:::shared/readme.txt`,
      `Allow ${role} sqs:SendMessage arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:jobs`,
      `Allow ${imported} dynamodb:Query \${App/Table.Arn} ${regions}`,
      `Allow ${imported} dynamodb:Query \${App/Table.Arn}/index/* ${regions}`,
      'Allow Service:lambda.amazonaws.com sts:AssumeRole ${App/Worker/Role.Arn}',
      `Deny ${role} NotAction:kms:Decrypt,kms:Encrypt *`,
      `Deny ${imported} NotAction:kms:Decrypt,kms:Encrypt *`,
    ]);
  });

  test('each row names the policy that grants it', () => {
    const tuples = permissionsOf(template);
    expect(tuples.find((t) => t.action === 'sqs:SendMessage')!.grantedBy).toEqual(['App/Worker/Managed']);
    expect(tuples.find((t) => t.action === 'sts:AssumeRole')!.grantedBy).toEqual(['App/Worker/Role']);
    expect(tuples.find((t) => t.action.startsWith('NotAction:') && t.principal.includes('imported'))!.grantedBy).toEqual(['App/Worker/Role/DefaultPolicy']);
  });

  test('without aws:cdk:path metadata a resource is named by its logical id', () => {
    const bare = { Resources: { R: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyName: 'i', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': ['B', 'Arn'] } }] } }] } }, B: { Type: 'AWS::S3::Bucket' } } };
    expect(rows(permissionsOf(bare))).toEqual(['Allow AWS:${R.Arn} s3:ListBucket ${B.Arn}']);
  });
});

describe('resource policies', () => {
  test('key, bucket, queue, topic, REST API and Lambda permissions; `*` in a key policy is the key', () => {
    const template = {
      Parameters: { Org: { Type: 'String' } },
      Resources: {
        Key1: {
          Type: 'AWS::KMS::Key',
          Metadata: path('App/Key/Resource'),
          Properties: { KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] } },
        },
        BucketPolicy1: {
          Type: 'AWS::S3::BucketPolicy',
          Metadata: path('App/Data/Policy/Resource'),
          Properties: { Bucket: 'b', PolicyDocument: { Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
        },
        QueuePolicy1: {
          Type: 'AWS::SQS::QueuePolicy',
          Properties: { Queues: ['q'], PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: ['sns.amazonaws.com', 'events.amazonaws.com'] }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111111111111:q' }] } },
        },
        TopicPolicy1: {
          Type: 'AWS::SNS::TopicPolicy',
          Properties: { Topics: ['t'], PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:111111111111:t', Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'Org' } } } }] } },
        },
        Api1: {
          Type: 'AWS::ApiGateway::RestApi',
          Metadata: path('App/Api/Resource'),
          Properties: { Policy: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } }] } },
        },
        Fn1: { Type: 'AWS::Lambda::Function', Metadata: path('App/Fn/Resource') },
        Permission1: {
          Type: 'AWS::Lambda::Permission',
          Metadata: path('App/Fn/Invoke'),
          Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Fn1' }, Principal: 'apigateway.amazonaws.com', SourceArn: { 'Fn::Join': ['', ['arn:aws:execute-api:us-east-1:111111111111:', { Ref: 'Api1' }, '/*/GET/items']] } },
        },
        Permission2: {
          Type: 'AWS::Lambda::Permission',
          Properties: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn1', 'Arn'] }, Principal: '222222222222' },
        },
      },
    };
    expect(rows(permissionsOf(template))).toEqual([
      'Allow * sns:Publish arn:aws:sns:us-east-1:111111111111:t {"StringEquals":{"aws:PrincipalOrgID":["${Param:Org}"]}}',
      'Allow AWS:* execute-api:Invoke execute-api:/* {"IpAddress":{"aws:SourceIp":["203.0.113.0/24"]}}',
      'Allow AWS:222222222222 lambda:InvokeFunction ${App/Fn.Arn}',
      'Allow AWS:arn:aws:iam::111111111111:root kms:* ${App/Key.Arn}',
      'Allow Service:apigateway.amazonaws.com lambda:InvokeFunction ${App/Fn.Arn} {"ArnLike":{"AWS:SourceArn":["arn:aws:execute-api:us-east-1:111111111111:${App/Api}/*/GET/items"]}}',
      'Allow Service:events.amazonaws.com sqs:SendMessage arn:aws:sqs:us-east-1:111111111111:q',
      'Allow Service:sns.amazonaws.com sqs:SendMessage arn:aws:sqs:us-east-1:111111111111:q',
      'Deny AWS:* s3:* arn:aws:s3:::b {"Bool":{"aws:SecureTransport":["false"]}}',
      'Deny AWS:* s3:* arn:aws:s3:::b/* {"Bool":{"aws:SecureTransport":["false"]}}',
    ]);
  });
});

describe('assemblies', () => {
  test('a cross-stack import reads as the exporting stack\'s resource; nested stacks are read too', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'gate-perms-app-'));
    const app = new App({ outdir });
    const producer = new Stack(app, 'Producer');
    const shared = new iam.Role(producer, 'Shared', { assumedBy: new iam.AccountRootPrincipal() });
    const consumer = new Stack(app, 'Consumer');
    const inner = new NestedStack(consumer, 'Inner');
    const role = new iam.Role(inner, 'Worker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [shared.roleArn] }));
    app.synth();

    const passRole = ComplianceGate.permissions(outdir).filter((t) => t.action === 'iam:PassRole');
    // The role's ARN crosses two boundaries: Producer exports it, Consumer imports it and passes it
    // to the nested stack as a parameter; it reads as the role in Producer.
    expect(passRole).toHaveLength(1);
    expect(passRole[0].resource).toBe('${Producer/Shared.Arn}');
    expect(passRole[0].principal).toBe('AWS:${Consumer/Inner/Worker.Arn}');
    expect(passRole[0].grantedBy).toEqual(['Consumer/Inner/Worker/DefaultPolicy']);
  });

  test('the same app synthesized twice gives the same baseline, byte for byte', () => {
    const synth = () => {
      const outdir = mkdtempSync(join(tmpdir(), 'gate-perms-twice-'));
      const app = new App({ outdir });
      const stack = new Stack(app, 'S');
      const role = new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }));
      app.synth();
      return ComplianceGate.permissionBaseline(outdir);
    };
    expect(synth()).toBe(synth());
  });
});
