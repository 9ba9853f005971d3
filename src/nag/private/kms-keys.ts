import { CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { flattenValue, isIntrinsic, possibleValues } from './cfn-values';
import { referencedElement } from './references';
import { UnvalidatableValueError } from './unvalidatable';
import { isKmsKeyArnParameter } from '../../private/markers';

/** Who holds the KMS key that a key property names. */
export enum KeyOwnership {
  /** No key named: the service's default encryption applies. */
  NONE = 'none',
  /** An AWS managed key (`alias/aws/<service>`): its policy and rotation are not the account's to control. */
  AWS_MANAGED = 'aws-managed',
  /** A key of the account: a KMS key or alias of the app, or a key id, key ARN or alias of the account. */
  CUSTOMER_MANAGED = 'customer-managed',
}

const KMS_RESOURCE_TYPES = ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey', 'AWS::KMS::Alias'];
const AWS_MANAGED_ALIAS = /(^|[:/])alias\/aws\//;
const CUSTOMER_KEY_NAME = /^(arn:[^:]+:kms:[^:]*:[^:]*:(key|alias)\/.+|alias\/.+|(mrk-)?[0-9a-f-]{32,})$/i;

/**
 * Who holds the key that a resolved key property (`KMSMasterKeyId`, `KmsKeyId`...) of `node`
 * names. A key id or key ARN written out is taken as the account's own: AWS managed keys are
 * named by their `alias/aws/...` alias. Throws an `UnvalidatableValueError` when the value comes
 * from a template parameter, a custom resource or any intrinsic whose result is unknown. Under
 * an `Fn::If`, the weakest branch counts.
 */
export function keyOwnership(node: CfnResource, value: unknown, what: string): KeyOwnership {
  const options = possibleValues(value);
  if (options.length > 1) {
    const owners = options.map((option) => keyOwnership(node, option, what));
    return owners.find((owner) => owner !== KeyOwnership.CUSTOMER_MANAGED) ?? KeyOwnership.CUSTOMER_MANAGED;
  }
  if (value === undefined || value === '') {
    return KeyOwnership.NONE;
  }
  if (typeof value === 'string') {
    if (AWS_MANAGED_ALIAS.test(value)) {
      return KeyOwnership.AWS_MANAGED;
    }
    if (CUSTOMER_KEY_NAME.test(value)) {
      return KeyOwnership.CUSTOMER_MANAGED;
    }
    throw new UnvalidatableValueError(node, what, `'${value}' is not a KMS key id, key ARN or alias`);
  }
  const target = referencedElement(Stack.of(node), value);
  if (target && isKmsKeyArnParameter(target)) {
    return KeyOwnership.CUSTOMER_MANAGED;
  }
  if (target instanceof CfnParameter) {
    throw new UnvalidatableValueError(node, what, `it comes from the template parameter ${target.node.path}`);
  }
  if (CfnResource.isCfnResource(target)) {
    if (KMS_RESOURCE_TYPES.includes(target.cfnResourceType)) {
      return KeyOwnership.CUSTOMER_MANAGED;
    }
    throw new UnvalidatableValueError(node, what, `it comes from ${target.cfnResourceType} ${target.node.path}, not from a KMS key`);
  }
  const written = isIntrinsic(value) ? flattenValue(value) : undefined;
  if (written !== undefined) {
    if (AWS_MANAGED_ALIAS.test(written)) {
      return KeyOwnership.AWS_MANAGED;
    }
    if (/:kms:[^:]*:[^:]*:(key|alias)\//.test(written) || written.startsWith('alias/')) {
      return KeyOwnership.CUSTOMER_MANAGED;
    }
  }
  throw new UnvalidatableValueError(node, what, `its value ${JSON.stringify(value)} is not known at synth time`);
}

/** COMPLIANT when the key property names a customer-managed key, NON_COMPLIANT otherwise. */
export function customerManagedKeyCompliance(node: CfnResource, value: unknown, what: string): NagRuleCompliance {
  return keyOwnership(node, value, what) === KeyOwnership.CUSTOMER_MANAGED
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
