import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CODE, defaultFunction, stackWithKeys } from './fixtures';
import { KeyUse } from '../../src/key-per-use-policy';
import { ScopedFunction } from '../../src/scoped-function';
import { withCode } from '../support/failures';

describe('bad props fail at synth, naming the construct path, the prop and the fix', () => {
  test.each([0, -1, 2.5])('reservedConcurrentExecutions %p', (value) => {
    expect(() => defaultFunction({ reservedConcurrentExecutions: value }))
      .toThrow(withCode('ScopedFunction.InvalidReservedConcurrency'));
  });

  test('a reserved concurrency of 0 says why', () => {
    expect(() => defaultFunction({ reservedConcurrentExecutions: 0 })).toThrow(withCode('ScopedFunction.InvalidReservedConcurrency'));
  });

  test.each([lambda.Runtime.NODEJS_18_X, lambda.Runtime.NODEJS_16_X, lambda.Runtime.PYTHON_3_9, lambda.Runtime.GO_1_X])('a deprecated runtime (%s)', (runtime) => {
    expect(() => defaultFunction({ runtime }))
      .toThrow(new RegExp(`^\\[Test/Fn\\] runtime: ${runtime.name.replace('.', '\\.')} is no longer supported by AWS Lambda\\. Fix: use a supported runtime, e\\.g\\. lambda\\.Runtime\\.NODEJS_24_X`));
  });

  test('a container image runtime', () => {
    expect(() => defaultFunction({ runtime: lambda.Runtime.FROM_IMAGE })).toThrow(withCode('ScopedFunction.ContainerImageRuntime'));
  });

  test.each([64, 10241, 300.5])('memorySize %p', (memorySize) => {
    expect(() => defaultFunction({ memorySize })).toThrow(withCode('ScopedFunction.MemorySizeOutOfRange'));
  });

  test.each([Duration.millis(500), Duration.minutes(16)])('timeout %s', (timeout) => {
    expect(() => defaultFunction({ timeout })).toThrow(withCode('ScopedFunction.TimeoutOutOfRange'));
  });

  test.each([Duration.seconds(30), Duration.days(15)])('deadLetterRetention %s', (deadLetterRetention) => {
    expect(() => defaultFunction({ deadLetterRetention })).toThrow(withCode('ScopedFunction.DeadLetterRetentionOutOfRange'));
  });

  test('no keys at all', () => {
    const { stack } = stackWithKeys();
    expect(() => new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler' }))
      .toThrow(/^\[Test\/Fn\] logKey: no key encrypts the function's log group\. Fix: pass keys \(a KeyPerUsePolicy, whose AUDIT key is used\) or logKey/);
  });

  test('a log key but no dead-letter key', () => {
    const { stack, keys } = stackWithKeys();
    const logKey = keys.keyFor(KeyUse.AUDIT);
    expect(() => new ScopedFunction(stack, 'Fn', { code: CODE, handler: 'index.handler', logKey }))
      .toThrow(withCode('Keys.NoKey'));
  });

  test('subnets or gateway endpoints without a VPC', () => {
    expect(() => defaultFunction({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }))
      .toThrow(withCode('ScopedFunction.SubnetsWithoutVpc'));
    expect(() => defaultFunction({ gatewayEndpoints: [ec2.GatewayVpcEndpointAwsService.S3] }))
      .toThrow(withCode('ScopedFunction.GatewayEndpointsWithoutVpc'));
  });
});
