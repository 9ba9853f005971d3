import { App, CfnResource, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IApplyRule, NagMessageLevel } from 'cdk-nag';
import { newStack } from './rule-findings';
import { SecureServerlessChecks } from '../../src/nag';

/** Records the rules the pack applies instead of applying them. */
class RecordingChecks extends SecureServerlessChecks {
  public readonly applied: string[] = [];
  public readonly explanations = new Map<string, string>();

  protected applyRule(params: IApplyRule): void {
    this.applied.push(`${params.rule.name}: ${params.level}`);
    this.explanations.set(params.rule.name, params.explanation);
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
      `ApiGwTruststoreVersionPinned: ${NagMessageLevel.WARN}`,
      `ApiGwV2RouteAuthorization: ${NagMessageLevel.ERROR}`,
      `ApiGwV2ExecuteApiEndpointClosedWithMtls: ${NagMessageLevel.ERROR}`,
      `ApiGwV2DomainTls12: ${NagMessageLevel.ERROR}`,
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

  test('explains every rule with its help: the risk, the fix with this library and with aws-cdk-lib, and the AWS page', () => {
    const pack = new RecordingChecks();
    pack.check(new sqs.CfnQueue(newStack(), 'Queue'));
    expect(pack.explanations.size).toBe(22);
    for (const [rule, explanation] of pack.explanations) {
      const [risk, rest] = explanation.split(' With cdk-secure-serverless: ');
      expect({ rule, risk: risk.length > 40 }).toEqual({ rule, risk: true });
      expect({ rule, explanation }).toEqual({
        rule,
        explanation: expect.stringMatching(/ With aws-cdk-lib: .{20,} See ".+" \(https:\/\/docs\.aws\.amazon\.com\/[^ ]+\)\.$/),
      });
      expect(rest).toBeDefined();
    }
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
