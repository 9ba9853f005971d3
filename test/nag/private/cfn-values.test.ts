import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { cfnProperties, flattenValue, possibleValues, referencedLogicalIds } from '../../../src/nag/private/cfn-values';
import { UnvalidatableValueError } from '../../../src/nag/private/unvalidatable';
import { testStack } from '../../support/stacks';

describe('cfn values', () => {
  test('flattenValue writes references the way cdk-nag finding ids do', () => {
    expect(flattenValue({ 'Fn::GetAtt': ['Bucket', 'Arn'] })).toBe('<Bucket.Arn>');
    expect(flattenValue({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] })).toBe('<Bucket.Arn>/*');
    expect(flattenValue({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' })).toBe('arn:<AWS::Partition>:s3:::b');
    expect(flattenValue({ 'Fn::ImportValue': 'Other:Export' })).toBe('<ImportValue:Other:Export>');
    expect(flattenValue({ 'Fn::If': ['C', 'a', 'b'] })).toBeUndefined();
    expect(flattenValue({ 'Fn::Join': ['', ['a', { 'Fn::Select': [0, ['b']] }]] })).toBeUndefined();
  });

  test('possibleValues gives both branches of every Fn::If', () => {
    expect(possibleValues({ 'Fn::If': ['C', 'a', { 'Fn::If': ['D', { Ref: 'AWS::NoValue' }, 'b'] }] })).toEqual(['a', undefined, 'b']);
    expect(possibleValues('a')).toEqual(['a']);
  });

  test('referencedLogicalIds finds Refs and Fn::Sub names, not pseudo parameters', () => {
    expect(referencedLogicalIds({ 'Fn::Join': ['', [{ Ref: 'Param' }, { Ref: 'AWS::Region' }]] })).toEqual(['Param']);
    expect(referencedLogicalIds({ 'Fn::Sub': '${Name}-${AWS::AccountId}-${Bucket.Arn}' })).toEqual(['Name']);
  });

  // Found by the corpus run: templates written for a macro (`!Explode` in a number property) or
  // for `aws cloudformation package` (a local path as Lambda `Code`) load with cloudformation-include,
  // but aws-cdk-lib's L1 validator rejects their properties when they are rendered. That is a value
  // the pack can't read, not a bug of the pack: it must say so, not crash.
  test('cfnProperties reports properties an L1 rejects as could-not-be-validated, naming the resource', () => {
    const stack = testStack();
    const bucket = new s3.CfnBucket(stack, 'Bucket', {
      lifecycleConfiguration: { rules: [{ status: 'Enabled', expirationInDays: '!Explode Retention' as unknown as number }] },
    });
    const fn = new lambda.CfnFunction(stack, 'Fn', { role: 'arn:aws:iam::123456789012:role/r', code: '../FunctionCode' as unknown as lambda.CfnFunction.CodeProperty });
    for (const node of [bucket, fn]) {
      expect(() => cfnProperties(node)).toThrow(UnvalidatableValueError);
      expect(() => cfnProperties(node)).toThrow(new RegExp(`${node.node.path}: its properties could not be validated`));
    }
  });
});

