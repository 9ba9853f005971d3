import { CfnParameter } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Metadata a template parameter carries when its value is the ARN of a customer-managed KMS key
 * that a `KeyPerUsePolicy` published to SSM: the library's own rule pack then knows the key is
 * customer-managed although its value is only known at deploy time.
 */
const KMS_KEY_ARN_PARAMETER = 'cdk-secure-serverless:kms-key-arn-parameter';

export function markKmsKeyArnParameter(parameter: CfnParameter): void {
  parameter.node.addMetadata(KMS_KEY_ARN_PARAMETER, true);
}

export function isKmsKeyArnParameter(construct: IConstruct): boolean {
  return construct instanceof CfnParameter && construct.node.metadata.some((entry) => entry.type === KMS_KEY_ARN_PARAMETER);
}
