import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { asArray, cfnProperties, isIntrinsic, stringValue } from '../private/cfn-values';
import { KeyOwnership, keyOwnership } from '../private/kms-keys';
import { isReferenceTo, resourcesInApp } from '../private/references';
import { UnvalidatableValueError } from '../private/unvalidatable';

const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

/**
 * S3 buckets are encrypted by default with a customer-managed KMS key (`SSEAlgorithm` `aws:kms`
 * or `aws:kms:dsse` with a `KMSMasterKeyID` naming the key), not SSE-S3 or `aws/s3`.
 *
 * Buckets that receive S3 server access logs from a bucket of the app are exempt: S3 can only
 * deliver access logs to a bucket encrypted with SSE-S3.
 */
export function S3BucketCmkEncryption(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::S3::Bucket') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const props = cfnProperties(node);
  if (receivesServerAccessLogs(node, props)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const rules = props.BucketEncryption?.ServerSideEncryptionConfiguration;
  if (isIntrinsic(rules)) {
    throw new UnvalidatableValueError(node, 'BucketEncryption', 'the encryption rules are not known at synth time');
  }
  const defaults = asArray(rules).map((rule) => rule?.ServerSideEncryptionByDefault).filter((byDefault) => byDefault !== undefined);
  const customerManaged = defaults.length > 0 && defaults.every((byDefault, index) => {
    const what = `BucketEncryption.ServerSideEncryptionConfiguration[${index}]`;
    const algorithm = stringValue(node, byDefault.SSEAlgorithm, `${what}.SSEAlgorithm`);
    return algorithm !== undefined && KMS_ALGORITHMS.includes(algorithm) &&
      keyOwnership(node, byDefault.KMSMasterKeyID, `${what}.KMSMasterKeyID`) === KeyOwnership.CUSTOMER_MANAGED;
  });
  return customerManaged ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

function receivesServerAccessLogs(bucket: CfnResource, props: Record<string, any>): boolean {
  const ownName = typeof props.BucketName === 'string' ? props.BucketName : undefined;
  return resourcesInApp(bucket, 'AWS::S3::Bucket').some((source) => {
    const sourceProps = source === bucket ? props : cfnProperties(source);
    const destination = sourceProps.LoggingConfiguration?.DestinationBucketName;
    return destination !== undefined &&
      ((ownName !== undefined && destination === ownName) || isReferenceTo(Stack.of(source), destination, bucket));
  });
}
