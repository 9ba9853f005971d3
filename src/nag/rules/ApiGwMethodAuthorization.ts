import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { hasNoAuthorization } from '../private/api-gateway';
import { booleanValue, cfnProperties, stringValue } from '../private/cfn-values';

/**
 * REST API methods name an authorizer (IAM, Cognito or a Lambda authorizer). CORS preflight
 * `OPTIONS` methods answered by a mock integration are exempt: browsers send them without
 * credentials and they reach no backend. Methods that require only an API key are left to
 * `ApiGwApiKeyNotSoleAuthorization`.
 */
export function ApiGwMethodAuthorization(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ApiGateway::Method') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const props = cfnProperties(node);
  const httpMethod = stringValue(node, props.HttpMethod, 'HttpMethod')?.toUpperCase();
  if (httpMethod === 'OPTIONS' && stringValue(node, props.Integration?.Type, 'Integration.Type')?.toUpperCase() === 'MOCK') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  if (!hasNoAuthorization(node, props)) {
    return NagRuleCompliance.COMPLIANT;
  }
  const apiKeyRequired = booleanValue(node, props.ApiKeyRequired, 'ApiKeyRequired') ?? false;
  return apiKeyRequired ? NagRuleCompliance.NOT_APPLICABLE : NagRuleCompliance.NON_COMPLIANT;
}
