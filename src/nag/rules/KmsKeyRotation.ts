import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { booleanValue, cfnProperties, stringValue } from '../private/cfn-values';

/**
 * Symmetric encryption KMS keys have automatic rotation on (`EnableKeyRotation: true`).
 * Asymmetric and HMAC keys and keys with imported material can't rotate automatically, so the
 * rule doesn't apply to them.
 */
export function KmsKeyRotation(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::KMS::Key') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const props = cfnProperties(node);
  const keySpec = stringValue(node, props.KeySpec, 'KeySpec') ?? 'SYMMETRIC_DEFAULT';
  const origin = stringValue(node, props.Origin, 'Origin') ?? 'AWS_KMS';
  if (keySpec !== 'SYMMETRIC_DEFAULT' || origin === 'EXTERNAL') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  return booleanValue(node, props.EnableKeyRotation, 'EnableKeyRotation')
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
