import { App, CfnResource, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IApplyRule, NagMessageLevel } from 'cdk-nag';
import { newStack } from './rule-findings';
import { SecureServerlessChecks } from '../../src/nag';

/** Records the rules the pack applies instead of applying them. */
class RecordingChecks extends SecureServerlessChecks {
  public readonly applied: string[] = [];

  protected applyRule(params: IApplyRule): void {
    this.applied.push(`${params.rule.name}: ${params.level}`);
  }

  public check(node: CfnResource): void {
    this.checkResource(node);
  }
}

describe('SecureServerlessChecks', () => {
  test('applies every rule to every resource, with these levels', () => {
    const pack = new RecordingChecks();
    pack.check(new sqs.CfnQueue(newStack(), 'Queue'));
    expect(pack.applied).toEqual([
      `ApiGwMethodAuthorization: ${NagMessageLevel.ERROR}`,
      `ApiGwApiKeyNotSoleAuthorization: ${NagMessageLevel.ERROR}`,
      `ApiGwAuthorizerCaching: ${NagMessageLevel.WARN}`,
      `ApiGwAuthorizerCacheKey: ${NagMessageLevel.ERROR}`,
      `ApiGwDomainTls12: ${NagMessageLevel.ERROR}`,
      `ApiGwExecuteApiEndpointClosedWithMtls: ${NagMessageLevel.ERROR}`,
      `IamPolicyNoFullWildcards: ${NagMessageLevel.ERROR}`,
      `IamPolicyNoPartialWildcards: ${NagMessageLevel.WARN}`,
      `DynamoDbTableCmkEncryption: ${NagMessageLevel.ERROR}`,
      `SqsQueueCmkEncryption: ${NagMessageLevel.ERROR}`,
      `SnsTopicCmkEncryption: ${NagMessageLevel.ERROR}`,
      `KinesisStreamCmkEncryption: ${NagMessageLevel.ERROR}`,
      `S3BucketCmkEncryption: ${NagMessageLevel.ERROR}`,
      `LogGroupCmkEncryption: ${NagMessageLevel.ERROR}`,
      `KmsKeyRotation: ${NagMessageLevel.ERROR}`,
      `KmsKeyDeletionGuard: ${NagMessageLevel.ERROR}`,
      `DynamoDbTableDataEvents: ${NagMessageLevel.WARN}`,
      `LambdaFunctionDataEvents: ${NagMessageLevel.WARN}`,
    ]);
  });

  test('names its rules SecureServerless-<Rule>', () => {
    const pack = new SecureServerlessChecks();
    expect(pack.name).toBe('SecureServerless');
    expect(pack.readPackName).toBe('SecureServerless');
    const report = pack.validateScope(new sqs.CfnQueue(newStack(), 'Queue'));
    expect(report.violations.map((violation) => [violation.ruleName, violation.severity])).toEqual([
      ['SecureServerless-SqsQueueCmkEncryption', 'error'],
    ]);
  });

  test('reports its findings when synthesis runs it as a validation plugin', () => {
    const app = new App();
    new sqs.Queue(newStack('Stack', app), 'Queue');
    Validations.of(app).addPlugins(new SecureServerlessChecks(app));
    const exitCode = process.exitCode;
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      app.synth();
      expect(errors.mock.calls.flat().join('\n')).toMatch(/SecureServerless-SqsQueueCmkEncryption[\s\S]*Validation failed/);
      expect(process.exitCode).toBe(1);
    } finally {
      errors.mockRestore();
      process.exitCode = exitCode;
    }
  });

  test('lets synthesis pass when the app complies', () => {
    const app = new App();
    newStack('Empty', app);
    Validations.of(app).addPlugins(new SecureServerlessChecks(app));
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      app.synth();
      expect(errors.mock.calls.flat().join('\n')).not.toMatch(/Validation failed/);
    } finally {
      errors.mockRestore();
    }
  });
});
