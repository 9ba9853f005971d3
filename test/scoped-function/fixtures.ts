import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KeyPerUsePolicy } from '../../src/key-per-use-policy';
import { ScopedFunction, ScopedFunctionProps } from '../../src/scoped-function';
import { testStack } from '../support/stacks';

export const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

/** A stack (fixed account and region) with a KeyPerUsePolicy. */
export function stackWithKeys(): { stack: Stack; keys: KeyPerUsePolicy } {
  const stack = testStack();
  const admins = iam.Role.fromRoleName(stack, 'KeyAdmins', 'key-admins');
  return { stack, keys: new KeyPerUsePolicy(stack, 'Keys', { adminRoles: [admins] }) };
}

/** A ScopedFunction with the defaults, in a fresh stack. */
export function defaultFunction(extra: Partial<ScopedFunctionProps> = {}): { stack: Stack; fn: ScopedFunction; keys: KeyPerUsePolicy } {
  const { stack, keys } = stackWithKeys();
  const fn = new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler', keys, ...extra });
  return { stack, fn, keys };
}

/** A VPC with private isolated subnets only (no NAT), as a VPC function's home. */
export function isolatedVpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    maxAzs: 2,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
}

export { synth, synthErrors } from '../support/stacks';
