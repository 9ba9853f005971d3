import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { executeApiEndpointDisabled, mappedToMutualTlsDomain } from '../private/mutual-tls-domains';

/**
 * REST APIs mapped to a custom domain that requires mutual TLS (an `AWS::ApiGateway::DomainName`
 * or an `AWS::ApiGatewayV2::DomainName`) disable their default `execute-api` endpoint
 * (`DisableExecuteApiEndpoint: true`): otherwise any caller reaches the API without a client
 * certificate and the mTLS check is bypassed.
 *
 * "How to turn on mutual TLS authentication for your REST APIs in API Gateway": "By default,
 * clients can invoke your API by using the execute-api endpoint that API Gateway generates for
 * your API. To ensure that clients can access your API only by using a custom domain name with
 * mutual TLS, disable the default execute-api endpoint." "Setting up custom domain names for HTTP APIs": "You can use API
 * Gateway Version 2 APIs to create and manage Regional custom domain names for REST APIs and
 * HTTP APIs", so a v2 domain name and API mapping can front a REST API too.
 */
export function ApiGwExecuteApiEndpointClosedWithMtls(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ApiGateway::RestApi' || !mappedToMutualTlsDomain(node)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  return executeApiEndpointDisabled(node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
