import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { credentialSources, splitIdentitySource } from '../../private/identity-sources';
import { cfnProperties, numberValue, stringValue } from '../private/cfn-values';

/**
 * `REQUEST` Lambda authorizers that cache decisions key the cache on a caller's credential.
 *
 * AWS::ApiGateway::Authorizer `IdentitySource` (REQUEST): "a comma-separated string of one or more
 * mapping expressions of the specified request parameters ... These parameters will be used to
 * derive the authorization caching key". "Configure an API Gateway Lambda authorizer": the
 * identity source types are Header, Query string, Stage variable and Context. "Variables for data
 * transformations for API Gateway": `$context.identity.sourceIp` is the address of the immediate
 * TCP connection (shared behind a NAT or proxy), `userAgent` the caller's User-Agent header,
 * `clientCert.issuerDN` the issuer every certificate of one CA shares; a certificate's serial is
 * unique only per issuer (RFC 5280 4.1.2.2). So a key made only of such values (or of stage
 * variables) serves one caller's cached Allow to another: the key must hold a header, a query
 * string, or the certificate's serial with its issuer (`src/private/identity-sources.ts`, shared
 * with `ApiAuthorization.lambdaAuthorizer`).
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
  const sources = splitIdentitySource(stringValue(node, props.IdentitySource, 'IdentitySource') ?? '');
  return credentialSources(sources).length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
