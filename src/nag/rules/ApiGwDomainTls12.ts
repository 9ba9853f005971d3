import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { TLS_12_OR_LATER } from '../private/api-gateway';
import { cfnProperties, stringValue } from '../private/cfn-values';

/**
 * REST API custom domains (public and private) set a security policy whose minimum is TLS 1.2.
 * Leaving `SecurityPolicy` out is non-compliant: API Gateway's legacy default accepts TLS 1.0.
 */
export function ApiGwDomainTls12(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ApiGateway::DomainName' && node.cfnResourceType !== 'AWS::ApiGateway::DomainNameV2') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const policy = stringValue(node, cfnProperties(node).SecurityPolicy, 'SecurityPolicy');
  return policy !== undefined && TLS_12_OR_LATER.test(policy) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
