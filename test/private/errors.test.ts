import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { addFailureCheck, failureMessage, InvalidPropError, requireProp } from '../../src/private/errors';
import { failureCodes, thrownCode, withCode } from '../support/failures';
import { synthErrors } from '../support/stacks';

describe('one rendering of a failure: path, prop, problem, fix, code', () => {
  const stack = new Stack(new App(), 'Stack');
  const api = new Construct(stack, 'Api');

  test('a thrown InvalidPropError', () => {
    const error = new InvalidPropError('Thing.Broken', api, 'size', 'it is 0', 'give 1 or more');
    expect(error.message).toEqual('[Stack/Api] size: it is 0. Fix: give 1 or more (Thing.Broken)');
    expect(error.code).toEqual('Thing.Broken');
    expect(error.name).toEqual('InvalidPropError');
  });

  test('a failure without a construct (a static factory) or without a prop', () => {
    expect(failureMessage({ code: 'Thing.Bad', prop: "Thing.of('x')", problem: 'x is bad', fix: 'use y' }))
      .toEqual("Thing.of('x'): x is bad. Fix: use y (Thing.Bad)");
    expect(failureMessage({ code: 'Thing.Bad', scope: api, problem: 'the policy is bad', fix: 'use y' }))
      .toEqual('[Stack/Api] the policy is bad. Fix: use y (Thing.Bad)');
  });

  test('withCode matches the thrown code and no other', () => {
    const build = () => requireProp('Thing.Broken', false, api, 'size', 'it is 0', 'give 1');
    expect(build).toThrow(withCode('Thing.Broken'));
    expect(() => expect(build).toThrow(withCode('Thing.Other'))).toThrow();
  });

  test('requireProp throws only when the condition fails', () => {
    expect(thrownCode(() => requireProp('Thing.Broken', true, api, 'size', 'it is 0', 'give 1'))).toBeUndefined();
    expect(thrownCode(() => requireProp('Thing.Broken', false, api, 'size', 'it is 0', 'give 1'))).toEqual('Thing.Broken');
  });
});

describe('a failure found at synthesis names its construct path once', () => {
  test("CDK prints the checked construct's path; the message leaves it out", () => {
    const stack = new Stack(new App(), 'Stack');
    const api = new Construct(stack, 'Api');
    const method = new Construct(api, 'Method');
    addFailureCheck(api, () => [
      { code: 'Thing.Empty', scope: api, prop: 'routes', problem: 'there are none', fix: 'add one' },
      { code: 'Thing.Open', scope: method, prop: 'AuthorizationType', problem: 'it is NONE', fix: 'authorize it' },
    ]);
    const errors = synthErrors(stack);
    expect(errors).toContain('[Stack/Api] routes: there are none. Fix: add one (Thing.Empty)');
    expect(errors).not.toContain('[Stack/Api] [Stack/Api]');
    // Another construct's failure keeps that construct's path after the checked one's.
    expect(errors).toContain('[Stack/Api] [Stack/Api/Method] AuthorizationType: it is NONE. Fix: authorize it (Thing.Open)');
    expect(failureCodes(errors)).toEqual(['Thing.Empty', 'Thing.Open']);
  });
});
