import * as kms from 'aws-cdk-lib/aws-kms';
import { descriptionsOf, findingsOf, flaggedPaths, newStack, parameter } from '../rule-findings';

const RULE = 'KmsKeyRotation';

describe(RULE, () => {
  test('Noncompliance 1: L1 symmetric keys with rotation off or unset', () => {
    const stack = newStack();
    new kms.CfnKey(stack, 'Unset', {});
    new kms.CfnKey(stack, 'Off', { enableKeyRotation: false, keySpec: 'SYMMETRIC_DEFAULT' });
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Off', 'Stack/Unset']);
  });

  test('Noncompliance 2: an L2 key with the defaults', () => {
    const stack = newStack();
    new kms.Key(stack, 'Default');
    expect(flaggedPaths(stack, RULE)).toEqual(['Stack/Default/Resource']);
  });

  test('Noncompliance 3: rotation from a template parameter could not be validated', () => {
    const stack = newStack();
    new kms.CfnKey(stack, 'Param', { enableKeyRotation: parameter(stack, 'Rotate').valueAsString as any });
    expect(descriptionsOf(stack, RULE)).toEqual([expect.stringMatching(/EnableKeyRotation could not be validated/)]);
  });

  test('Compliance: rotation on; asymmetric, HMAC and imported-material keys are out of scope', () => {
    const stack = newStack();
    new kms.Key(stack, 'Rotated', { enableKeyRotation: true });
    new kms.Key(stack, 'Signing', { keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    new kms.Key(stack, 'Hmac', { keySpec: kms.KeySpec.HMAC_256, keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC });
    new kms.CfnKey(stack, 'External', { origin: 'EXTERNAL' });
    expect(findingsOf(stack, RULE)).toEqual([]);
  });
});
