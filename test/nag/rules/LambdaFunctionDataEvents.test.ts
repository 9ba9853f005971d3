import { Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { findingsOf, flaggedPaths, newStack, severityOf } from '../rule-findings';

const RULE = 'LambdaFunctionDataEvents';

function l1Function(stack: Stack, id: string): lambda.CfnFunction {
  return new lambda.CfnFunction(stack, id, {
    role: 'arn:aws:iam::111111111111:role/fn',
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    code: { zipFile: 'exports.handler = async () => ({})' },
  });
}

function l2Function(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
}

/** An L1 trail with one advanced selector of Lambda data events, narrowed by `fields`. */
function lambdaDataTrail(stack: Stack, id: string, ...fields: cloudtrail.CfnTrail.AdvancedFieldSelectorProperty[]): cloudtrail.CfnTrail {
  return new cloudtrail.CfnTrail(stack, id, {
    isLogging: true,
    s3BucketName: 'trail-bucket',
    advancedEventSelectors: [{
      fieldSelectors: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::Lambda::Function'] },
        ...fields,
      ],
    }],
  });
}

describe(RULE, () => {
  test('Noncompliance 1: L1 functions with no trail, or a basic selector for another function', () => {
    const stack = newStack();
    const covered = l1Function(stack, 'Covered');
    l1Function(stack, 'Uncovered');
    new cloudtrail.CfnTrail(stack, 'Trail', {
      isLogging: true,
      s3BucketName: 'trail-bucket',
      eventSelectors: [{ dataResources: [{ type: 'AWS::Lambda::Function', values: [covered.attrArn] }] }],
    });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Uncovered']);
    expect(severityOf(stack, RULE)).toEqual(['warning']);
  });

  test('Noncompliance 2: an L2 function beside an L2 trail that logs another function', () => {
    const stack = newStack();
    l2Function(stack, 'Function');
    new cloudtrail.Trail(stack, 'Trail').addLambdaEventSelector([l2Function(stack, 'Other')]);
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Function/Resource']);
  });

  test('Noncompliance 3: an L2 trail selecting the function for read events only, or by event name', () => {
    const stack = newStack();
    const readOnly = l2Function(stack, 'ReadOnly');
    const byName = l1Function(stack, 'ByName');
    new cloudtrail.Trail(stack, 'Trail').addLambdaEventSelector([readOnly], { readWriteType: cloudtrail.ReadWriteType.READ_ONLY });
    lambdaDataTrail(stack, 'Named', { field: 'resources.ARN', equalTo: [byName.attrArn] }, { field: 'eventName', equalTo: ['InvokeWithResponseStream'] });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/ByName', 'Stack/ReadOnly/Resource']);
  });

  test('Compliance: an L2 trail with the function, with all functions, and advanced selectors', () => {
    const stack = newStack();
    const fn = l2Function(stack, 'Function');
    new cloudtrail.Trail(stack, 'Trail').addLambdaEventSelector([fn]);
    expect(findingsOf(stack, RULE)).toEqual([]);

    const all = newStack('All');
    l2Function(all, 'Function');
    new cloudtrail.Trail(all, 'Trail').logAllLambdaDataEvents();
    expect(findingsOf(all, RULE)).toEqual([]);

    const advanced = newStack('Advanced');
    const target = l1Function(advanced, 'Function');
    lambdaDataTrail(advanced, 'Trail', { field: 'resources.ARN', startsWith: [target.attrArn] });
    expect(findingsOf(advanced, RULE)).toEqual([]);
  });
});
