import { CfnResource } from 'aws-cdk-lib';
import { asArray, cfnProperties, isIntrinsic } from './cfn-values';
import { writtenDown } from './policy-statements';
import { UnvalidatableValueError } from './unvalidatable';

const PRINCIPAL_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];
/** An AWS managed policy's ARN (`arn:aws:iam::aws:policy/<path/>Name`), with `<AWS::Partition>` written `<Partition>`. */
const AWS_MANAGED_POLICY_ARN = /^arn:[^:]+:iam::aws:policy\/(?:.+\/)?([^/]+)$/;
/**
 * AWS managed policies that grant whole services (or everything) on every resource:
 * `AdministratorAccess` and the service administrator policies (`AdministratorAccess-Amplify`,
 * `AWSAuditManagerAdministratorAccess`), `PowerUserAccess`, and the `...FullAccess` policies
 * (`AmazonS3FullAccess`, `AWSLambda_FullAccess`, `IAMFullAccess`...).
 */
const FULL_ACCESS_NAME = /(AdministratorAccess|FullAccess|^PowerUserAccess$)/;

/**
 * The full-access AWS managed policies a role, user or group attaches through
 * `ManagedPolicyArns`, by name; `undefined` for other resource types.
 *
 * The "AWS Managed Policy Reference" publishes each policy's document: `AdministratorAccess`
 * allows `Action: *` on `Resource: *`; `PowerUserAccess` ("Provides full access to AWS
 * services and resources, but does not allow management of Users and groups") allows
 * `NotAction: [iam:*, organizations:*, account:*]` on `Resource: *`; `IAMFullAccess` ("Provides
 * full access to IAM via the AWS Management Console") allows `iam:*` on `Resource: *`, and the
 * other full-access policies `<service>:*` likewise. Attached, they grant what a statement with
 * those wildcards would, so they are reported as the same finding. An ARN from a template
 * parameter could hide one and could not be validated.
 */
export function fullAccessManagedPolicies(node: CfnResource): string[] | undefined {
  if (!PRINCIPAL_TYPES.includes(node.cfnResourceType)) {
    return undefined;
  }
  const arns = cfnProperties(node).ManagedPolicyArns;
  if (isIntrinsic(arns)) {
    throw new UnvalidatableValueError(node, 'ManagedPolicyArns', 'the list is not known at synth time');
  }
  return asArray(arns)
    .map((arn, index) => writtenDown(node, arn, `ManagedPolicyArns[${index}]`, 'managed policy ARN').replace(/<AWS::(\w+)>/g, '<$1>'))
    .map((arn) => AWS_MANAGED_POLICY_ARN.exec(arn)?.[1])
    .filter((name): name is string => name !== undefined && FULL_ACCESS_NAME.test(name));
}
