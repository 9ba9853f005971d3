import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties, stringValue } from '../private/cfn-values';
import { customerManagedKeyCompliance } from '../private/kms-keys';

/**
 * Kinesis data streams are encrypted with a customer-managed KMS key (`StreamEncryption` with
 * `EncryptionType: KMS` and a `KeyId` naming the key), not `alias/aws/kinesis` or none.
 */
export function KinesisStreamCmkEncryption(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::Kinesis::Stream') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const encryption = cfnProperties(node).StreamEncryption;
  if (stringValue(node, encryption?.EncryptionType, 'StreamEncryption.EncryptionType') !== 'KMS') {
    return NagRuleCompliance.NON_COMPLIANT;
  }
  return customerManagedKeyCompliance(node, encryption.KeyId, 'StreamEncryption.KeyId');
}
