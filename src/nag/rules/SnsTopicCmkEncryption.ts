import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties } from '../private/cfn-values';
import { customerManagedKeyCompliance } from '../private/kms-keys';

/** SNS topics are encrypted with a customer-managed KMS key (`KmsMasterKeyId`), not `aws/sns` or none. */
export function SnsTopicCmkEncryption(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::SNS::Topic') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  return customerManagedKeyCompliance(node, cfnProperties(node).KmsMasterKeyId, 'KmsMasterKeyId');
}
