import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { asArray, booleanValue, cfnProperties, isIntrinsic } from '../private/cfn-values';
import { customerManagedKeyCompliance, KeyOwnership, keyOwnership } from '../private/kms-keys';
import { UnvalidatableValueError } from '../private/unvalidatable';

/**
 * DynamoDB tables (and every replica of a global table) are encrypted with a customer-managed
 * KMS key: `SSESpecification` with `SSEEnabled: true` and a `KMSMasterKeyId` naming the key.
 * Without it DynamoDB uses an AWS owned key, or the `aws/dynamodb` managed key.
 */
export function DynamoDbTableCmkEncryption(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType === 'AWS::DynamoDB::Table') {
    const sse = cfnProperties(node).SSESpecification ?? {};
    if (!(booleanValue(node, sse.SSEEnabled, 'SSESpecification.SSEEnabled') ?? false)) {
      return NagRuleCompliance.NON_COMPLIANT;
    }
    return customerManagedKeyCompliance(node, sse.KMSMasterKeyId, 'SSESpecification.KMSMasterKeyId');
  }
  if (node.cfnResourceType === 'AWS::DynamoDB::GlobalTable') {
    return globalTableCompliance(node);
  }
  return NagRuleCompliance.NOT_APPLICABLE;
}

function globalTableCompliance(node: CfnResource): NagRuleCompliance {
  const props = cfnProperties(node);
  if (!(booleanValue(node, props.SSESpecification?.SSEEnabled, 'SSESpecification.SSEEnabled') ?? false)) {
    return NagRuleCompliance.NON_COMPLIANT;
  }
  if (isIntrinsic(props.Replicas)) {
    throw new UnvalidatableValueError(node, 'Replicas', 'the replica list is not known at synth time');
  }
  const replicas = asArray(props.Replicas);
  const allCustomerManaged = replicas.length > 0 && replicas.every((replica, index) =>
    keyOwnership(node, replica?.SSESpecification?.KMSMasterKeyId, `Replicas[${index}].SSESpecification.KMSMasterKeyId`) === KeyOwnership.CUSTOMER_MANAGED);
  return allCustomerManaged ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
