import { CfnResource } from 'aws-cdk-lib';
import { asArray, cfnProperties, isIntrinsic } from './cfn-values';
import { UnvalidatableValueError } from './unvalidatable';

/** A policy document attached to a resource, and where it sits. */
export interface AttachedPolicyDocument {
  /** Where the document sits, for messages: `PolicyDocument`, `Policies[ReadTable]`, `KeyPolicy`. */
  readonly location: string;
  readonly document: unknown;
  /** A KMS key policy, where `Resource: *` means "this key" and is the only valid value. */
  readonly isKeyPolicy: boolean;
}

const POLICY_DOCUMENT_TYPES = [
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
  'AWS::S3::BucketPolicy',
  'AWS::SQS::QueuePolicy',
  'AWS::SQS::QueueInlinePolicy',
  'AWS::SNS::TopicPolicy',
  'AWS::SNS::TopicInlinePolicy',
];
const INLINE_POLICIES_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];
const KEY_POLICY_TYPES = ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'];

/**
 * The identity and resource policy documents a resource carries (not trust policies), or
 * `undefined` when the resource type carries none.
 */
export function attachedPolicyDocuments(node: CfnResource): AttachedPolicyDocument[] | undefined {
  const type = node.cfnResourceType;
  if (POLICY_DOCUMENT_TYPES.includes(type)) {
    return [{ location: 'PolicyDocument', document: cfnProperties(node).PolicyDocument, isKeyPolicy: false }];
  }
  if (KEY_POLICY_TYPES.includes(type)) {
    return [{ location: 'KeyPolicy', document: cfnProperties(node).KeyPolicy, isKeyPolicy: true }];
  }
  if (INLINE_POLICIES_TYPES.includes(type)) {
    return asArray(cfnProperties(node).Policies).map((policy, index) => {
      if (typeof policy !== 'object' || policy === null || isIntrinsic(policy)) {
        throw new UnvalidatableValueError(node, `Policies[${index}]`, 'the inline policy is not known at synth time');
      }
      const name = typeof policy.PolicyName === 'string' ? policy.PolicyName : String(index);
      return { location: `Policies[${name}]`, document: policy.PolicyDocument, isKeyPolicy: false };
    });
  }
  return undefined;
}
