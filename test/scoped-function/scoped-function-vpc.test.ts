import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CODE, isolatedVpc, stackWithKeys, synthErrors } from './fixtures';
import { KeyPerUsePolicy } from '../../src/key-per-use-policy';
import { ScopedFunction } from '../../src/scoped-function';
import { failureCodes, withCode } from '../support/failures';

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/findings';

function vpcFunction(gatewayEndpoints: ec2.GatewayVpcEndpointAwsService[] = []) {
  const { stack, keys } = stackWithKeys();
  const vpc = isolatedVpc(stack);
  const fn = new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler', keys, vpc, gatewayEndpoints });
  return { stack, fn, vpc };
}

describe('a function in a VPC', () => {
  test('runs in the private subnets with a security group of its own', () => {
    const { stack, fn } = vpcFunction();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SubnetIds: [{ Ref: Match.stringLikeRegexp('^VpcisolatedSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcisolatedSubnet2') }],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^FnSecurityGroup'), 'GroupId'] }],
      },
    });
    expect(fn.securityGroup).toBeDefined();
  });

  test('the security group has no inbound rule and only HTTPS out to the VPC', () => {
    const { stack } = vpcFunction();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vpc'), 'CidrBlock'] }, Description: Match.anyValue() }],
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    template.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
  });

  test('the role gets the ENI actions in its managed policy, not AWSLambdaVPCAccessExecutionRole', () => {
    const { stack } = vpcFunction();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'LambdaVpcNetworkInterfaces',
          Effect: 'Allow',
          Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
          Resource: '*',
        }]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^FnServiceRolePolicy') }] });
  });
});

describe('gateway endpoints scoped to what the function was granted', () => {
  test('the DynamoDB endpoint allows only the granted actions on the granted table, to this role only', () => {
    const { stack, fn } = vpcFunction([ec2.GatewayVpcEndpointAwsService.DYNAMODB]);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:Query'], resources: [TABLE_ARN] }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
      RouteTableIds: [{ Ref: Match.stringLikeRegexp('^VpcisolatedSubnet1RouteTable') }, { Ref: Match.stringLikeRegexp('^VpcisolatedSubnet2RouteTable') }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: '*',
          Action: ['dynamodb:GetItem', 'dynamodb:Query'],
          Resource: TABLE_ARN,
          Condition: { ArnEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnServiceRole'), 'Arn'] } } },
        }],
      },
    });
    expect(fn.gatewayEndpoints).toHaveLength(1);
  });

  test('the S3 endpoint gets only the s3 actions, from grants made after the function was created', () => {
    const { stack, fn } = vpcFunction([ec2.GatewayVpcEndpointAwsService.S3]);
    const bucket = new s3.Bucket(stack, 'Bucket');
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 'kms:Decrypt'], resources: [bucket.arnForObjects('report.json')] }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['s3:GetObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Bucket'), 'Arn'] }, '/report.json']] } })] },
    });
  });

  test("the security group may reach each endpoint's prefix list over HTTPS", () => {
    const { stack, fn } = vpcFunction([ec2.GatewayVpcEndpointAwsService.DYNAMODB, ec2.GatewayVpcEndpointAwsService.S3]);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem', 's3:GetObject'], resources: [TABLE_ARN] }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    // Outside a real account the prefix list lookup answers with its dummy id.
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-xxxxxxxx' });
  });

  test('an endpoint for a service the function was granted nothing of fails synthesis', () => {
    const { stack } = vpcFunction([ec2.GatewayVpcEndpointAwsService.S3]);
    expect(failureCodes(synthErrors(stack))).toEqual(['ScopedFunction.GatewayEndpointAllowsNothing']);
  });

  test('a service other than DynamoDB or S3 is refused', () => {
    const { stack, keys } = stackWithKeys();
    expect(() => new ScopedFunction(stack, 'Fn', {
      code: CODE, handler: 'index.handler', keys, vpc: isolatedVpc(stack), gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.S3_EXPRESS],
    })).toThrow(withCode('ScopedFunction.UnsupportedGatewayEndpoint'));
  });

  test('an environment-agnostic stack is refused, since the prefix list lookup needs account and region', () => {
    const stack = new Stack(new App(), 'Test');
    const keys = new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [iam.Role.fromRoleName(stack, 'Admins', 'admins')] });
    expect(() => new ScopedFunction(stack, 'Fn', {
      code: CODE, handler: 'index.handler', keys, vpc: isolatedVpc(stack), gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.DYNAMODB],
    })).toThrow(withCode('ScopedFunction.GatewayEndpointWithoutEnvironment'));
  });
});
