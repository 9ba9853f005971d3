import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { hasNoAuthorization } from '../private/api-gateway';
import { booleanValue, cfnProperties } from '../private/cfn-values';

/**
 * REST API methods that require an API key also name an authorizer: an API key identifies a
 * usage plan, it is not a credential (it is sent in clear, shared, and rarely rotated).
 */
export function ApiGwApiKeyNotSoleAuthorization(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ApiGateway::Method') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const props = cfnProperties(node);
  if (!(booleanValue(node, props.ApiKeyRequired, 'ApiKeyRequired') ?? false)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  return hasNoAuthorization(node, props) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
