import { CfnResource } from 'aws-cdk-lib';
import { stringValue } from './cfn-values';

/** Whether a method's `AuthorizationType` is `NONE` or left out (which means `NONE`). */
export function hasNoAuthorization(node: CfnResource, props: Record<string, any>): boolean {
  const authorizationType = stringValue(node, props.AuthorizationType, 'AuthorizationType') ?? 'NONE';
  return authorizationType.toUpperCase() === 'NONE';
}
