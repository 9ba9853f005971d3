import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties } from '../private/cfn-values';
import { customerManagedKeyCompliance } from '../private/kms-keys';

/**
 * SQS queues are encrypted with a customer-managed KMS key (`KmsMasterKeyId`), not with
 * SQS-managed SSE or the `aws/sqs` managed key.
 */
export function SqsQueueCmkEncryption(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::SQS::Queue') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  return customerManagedKeyCompliance(node, cfnProperties(node).KmsMasterKeyId, 'KmsMasterKeyId');
}
