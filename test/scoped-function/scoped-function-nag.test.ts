import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CODE, defaultFunction, isolatedVpc, stackWithKeys } from './fixtures';
import { ScopedFunction } from '../../src/scoped-function';
import { acknowledgementReasons, acknowledgements, nagErrors, nagWarnings } from '../support/nag';

const ownFindings = (lines: string[]) => lines.filter((line) => / @ Test\/Fn\//.test(line));

const OWN_ACKNOWLEDGEMENTS = [
  'Test/Fn/DeadLetterQueue: Serverless-SQSRedrivePolicy',
  'Test/Fn/ServiceRole/Policy: AwsSolutions-IAM5[Resource::*]',
  'Test/Fn/ServiceRole/Policy: SecureServerless-IamPolicyNoFullWildcards[Resource::*]',
];

const OUTSIDE_VPC_ACKNOWLEDGEMENTS = [
  'Test/Fn/Resource: HIPAA.Security-LambdaInsideVPC',
  'Test/Fn/Resource: NIST.800.53.R4-LambdaInsideVPC',
  'Test/Fn/Resource: NIST.800.53.R5-LambdaInsideVPC',
  'Test/Fn/Resource: PCI.DSS.321-LambdaInsideVPC',
];

function ownAcknowledgements(scope: Parameters<typeof acknowledgements>[0]): string[] {
  return acknowledgements(scope).filter((line) => line.startsWith('Test/Fn/'));
}

describe('default configuration under every cdk-nag pack', () => {
  test('without a VPC: zero unacknowledged errors and warnings', () => {
    const { stack } = defaultFunction();
    expect(ownFindings(nagErrors(stack))).toEqual([]);
    expect(ownFindings(nagWarnings(stack))).toEqual([]);
  });

  test('in a VPC with DynamoDB and S3 gateway endpoints: zero unacknowledged errors and warnings', () => {
    const { stack, keys } = stackWithKeys();
    const fn = new ScopedFunction(stack, 'Fn', {
      code: CODE,
      handler: 'index.handler',
      keys,
      vpc: isolatedVpc(stack),
      gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.DYNAMODB, ec2.GatewayVpcEndpointAwsService.S3],
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['arn:aws:dynamodb:us-east-1:111111111111:table/t'] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] }));
    expect(ownFindings(nagErrors(stack))).toEqual([]);
    expect(ownFindings(nagWarnings(stack))).toEqual([]);
  });
});

describe('the acknowledgements the construct adds, pinned', () => {
  test('without a VPC', () => {
    const { stack } = defaultFunction();
    expect(ownAcknowledgements(stack)).toEqual([...OUTSIDE_VPC_ACKNOWLEDGEMENTS, ...OWN_ACKNOWLEDGEMENTS].sort());
  });

  test('in a VPC: no LambdaInsideVPC acknowledgement', () => {
    const { stack, keys } = stackWithKeys();
    new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler', keys, vpc: isolatedVpc(stack) });
    expect(ownAcknowledgements(stack)).toEqual(OWN_ACKNOWLEDGEMENTS);
  });

  test('every reason is substantial and names why', () => {
    const { stack } = defaultFunction();
    const reasons = acknowledgementReasons(stack);
    for (const line of ownAcknowledgements(stack)) {
      expect(reasons[line].length).toBeGreaterThan(80);
    }
    expect(reasons['Test/Fn/ServiceRole/Policy: AwsSolutions-IAM5[Resource::*]']).toMatch(/^X-Ray active tracing: .*support no resource-level permissions/);
  });

  test('in a VPC the IAM5 reason also covers the ENI actions', () => {
    const { stack, keys } = stackWithKeys();
    new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler', keys, vpc: isolatedVpc(stack) });
    expect(acknowledgementReasons(stack)['Test/Fn/ServiceRole/Policy: AwsSolutions-IAM5[Resource::*]']).toMatch(/X-Ray .* Lambda VPC networking: /);
  });
});

describe('registered exceptions satisfy cdk-nag too', () => {
  test('a wildcard grant is an IAM5 error until registered with a reason', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject*'], resources: ['arn:aws:s3:::reports/*'] }));
    expect(ownFindings(nagErrors(stack, [new AwsSolutionsChecks()]))).toEqual([
      'AwsSolutions-IAM5[Action::s3:GetObject*] @ Test/Fn/ServiceRole/Policy/Resource',
      'AwsSolutions-IAM5[Resource::arn:aws:s3:::reports/*] @ Test/Fn/ServiceRole/Policy/Resource',
    ]);
    fn.allowWildcardAction('s3:GetObject*', 'every GetObject variant of the reports');
    fn.allowWildcardResource('arn:aws:s3:::reports/*', 'every report');
    expect(ownFindings(nagErrors(stack))).toEqual([]);
  });

  test('a service-wide wildcard is acknowledged in every pack that flags it', () => {
    const { stack, fn } = defaultFunction();
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::reports/latest.json'] }));
    fn.allowWildcardAction('s3:*', 'the report tool manages that object fully');
    expect(ownFindings(nagErrors(stack))).toEqual([]);
  });
});
