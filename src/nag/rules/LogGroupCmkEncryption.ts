import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties } from '../private/cfn-values';
import { customerManagedKeyCompliance } from '../private/kms-keys';

/** CloudWatch Logs log groups are encrypted with a customer-managed KMS key (`KmsKeyId`). */
export function LogGroupCmkEncryption(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::Logs::LogGroup') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  return customerManagedKeyCompliance(node, cfnProperties(node).KmsKeyId, 'KmsKeyId');
}
