import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties, numberValue, stringValue } from '../private/cfn-values';

/** Identity sources whose value differs between callers: request headers, query strings, `context.identity.*`. */
const CALLER_SOURCE = /^\$?(method\.request\.(header|multivalueheader|querystring|multivaluequerystring)\.[^.\s]+|context\.identity\.[^\s]+)$/i;

/**
 * `REQUEST` Lambda authorizers that cache decisions key the cache on at least one value that
 * differs between callers. API Gateway caches a decision under the identity sources' values;
 * if they are all the same for every caller (stage variables, `context.stage`...), one
 * caller's Allow is served to the next.
 */
export function ApiGwAuthorizerCacheKey(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ApiGateway::Authorizer') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const props = cfnProperties(node);
  if (stringValue(node, props.Type, 'Type') !== 'REQUEST') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  if (numberValue(node, props.AuthorizerResultTtlInSeconds, 'AuthorizerResultTtlInSeconds') === 0) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const sources = (stringValue(node, props.IdentitySource, 'IdentitySource') ?? '')
    .split(',')
    .map((source) => source.trim())
    .filter((source) => source.length > 0);
  return sources.some((source) => CALLER_SOURCE.test(source)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
