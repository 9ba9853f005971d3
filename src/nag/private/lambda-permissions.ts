import { CfnResource } from 'aws-cdk-lib';
import { cfnProperties, stringValue } from './cfn-values';
import { isFullWildcardAction } from './policy-statements';

/** Properties of `AWS::Lambda::Permission` that limit which callers a wildcard principal reaches. */
const SOURCE_CONDITIONS = ['SourceArn', 'SourceAccount', 'PrincipalOrgID'];

/**
 * The wildcards of an `AWS::Lambda::Permission` (`Action::lambda:*`, `Principal::*`);
 * `undefined` for other resource types.
 *
 * "AWS::Lambda::Permission" (CloudFormation): "To grant permission to another account, specify
 * the account ID as the Principal. To grant permission to an organization defined in AWS
 * Organizations, specify the organization ID as the PrincipalOrgID. ... If you grant permission
 * to a service principal without specifying the source, other accounts could potentially
 * configure resources in their account to invoke your Lambda function." `Principal: "*"` with
 * no `SourceArn`, `SourceAccount` or `PrincipalOrgID` lets any AWS principal of any account
 * invoke the function. `Action` may be `lambda:*` or `*`, every Lambda action.
 */
export function lambdaPermissionWildcards(node: CfnResource): string[] | undefined {
  if (node.cfnResourceType !== 'AWS::Lambda::Permission') {
    return undefined;
  }
  const props = cfnProperties(node);
  const findings: string[] = [];
  const action = stringValue(node, props.Action, 'Action');
  if (action !== undefined && isFullWildcardAction(action)) {
    findings.push(`Action::${action}`);
  }
  const principal = stringValue(node, props.Principal, 'Principal');
  if (principal === '*' && SOURCE_CONDITIONS.every((condition) => props[condition] === undefined)) {
    findings.push('Principal::*');
  }
  return findings;
}
