import { CfnResource } from 'aws-cdk-lib';
import { stringValue } from './cfn-values';

/** `TLS_1_2`, or an enhanced policy whose minimum is TLS 1.2 or 1.3 (`SecurityPolicy_TLS13_1_3_2025_09`...). */
export const TLS_12_OR_LATER = /^(TLS_1_2|SecurityPolicy_TLS1[23](_.*)?)$/;

/** Whether a method's or route's `AuthorizationType` is `NONE` or left out (which means `NONE`). */
export function hasNoAuthorization(node: CfnResource, props: Record<string, any>): boolean {
  const authorizationType = stringValue(node, props.AuthorizationType, 'AuthorizationType') ?? 'NONE';
  return authorizationType.toUpperCase() === 'NONE';
}
