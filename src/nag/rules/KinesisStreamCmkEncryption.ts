import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties, possibleValues, stringValue } from '../private/cfn-values';
import { customerManagedKeyCompliance } from '../private/kms-keys';

/**
 * Kinesis data streams are encrypted with a customer-managed KMS key (`StreamEncryption` with
 * `EncryptionType: KMS` and a `KeyId` naming the key), not `alias/aws/kinesis` or none. The
 * L2 default writes the encryption under an `Fn::If` on the region: every branch must comply.
 */
export function KinesisStreamCmkEncryption(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::Kinesis::Stream') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const compliant = possibleValues(cfnProperties(node).StreamEncryption).every((encryption: any) =>
    stringValue(node, encryption?.EncryptionType, 'StreamEncryption.EncryptionType') === 'KMS' &&
    customerManagedKeyCompliance(node, encryption.KeyId, 'StreamEncryption.KeyId') === NagRuleCompliance.COMPLIANT);
  return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
