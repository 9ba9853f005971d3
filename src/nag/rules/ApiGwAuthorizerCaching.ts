import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties, numberValue, stringValue } from '../private/cfn-values';

/**
 * Lambda authorizers (`TOKEN`, `REQUEST`) of REST APIs cache their decisions
 * (`AuthorizerResultTtlInSeconds` above 0; API Gateway's default is 300).
 */
export function ApiGwAuthorizerCaching(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ApiGateway::Authorizer') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const props = cfnProperties(node);
  if (!isLambdaAuthorizer(stringValue(node, props.Type, 'Type'))) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const ttl = numberValue(node, props.AuthorizerResultTtlInSeconds, 'AuthorizerResultTtlInSeconds');
  return ttl === 0 ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

/** Whether an authorizer `Type` is a Lambda authorizer. */
function isLambdaAuthorizer(type: string | undefined): boolean {
  return type === 'TOKEN' || type === 'REQUEST';
}
