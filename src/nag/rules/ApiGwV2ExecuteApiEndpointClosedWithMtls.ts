import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { executeApiEndpointDisabled, mappedToMutualTlsDomain } from '../private/mutual-tls-domains';

/**
 * HTTP and WebSocket APIs (`AWS::ApiGatewayV2::Api`) mapped to a custom domain that requires
 * mutual TLS disable their default `execute-api` endpoint (`DisableExecuteApiEndpoint: true`):
 * otherwise any caller reaches the API without a client certificate.
 *
 * "Disable the default endpoint for HTTP APIs": "By default, clients can invoke your API by
 * using the execute-api endpoint that API Gateway generates for your API. To ensure that
 * clients can access your API only by using a custom domain name, disable the default
 * execute-api endpoint."
 */
export function ApiGwV2ExecuteApiEndpointClosedWithMtls(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ApiGatewayV2::Api' || !mappedToMutualTlsDomain(node)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  return executeApiEndpointDisabled(node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
