import { CfnResource, Stack } from 'aws-cdk-lib';
import { booleanValue, cfnProperties } from './cfn-values';
import { mappingNamesDomain } from './domain-names';
import { isReferenceTo, resourcesInApp } from './references';

const MAPPING_TYPES = ['AWS::ApiGateway::BasePathMapping', 'AWS::ApiGatewayV2::ApiMapping'];
const DOMAIN_TYPES = ['AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName'];

/**
 * Whether an API (REST, HTTP or WebSocket) is mapped, by a base path mapping or an API mapping
 * anywhere in the app, to a custom domain that requires mutual TLS. Both generations of domain
 * name carry `MutualTlsAuthentication.TruststoreUri`, and an `AWS::ApiGatewayV2::ApiMapping`
 * can map a REST API as well as an HTTP or WebSocket one.
 */
export function mappedToMutualTlsDomain(api: CfnResource): boolean {
  return resourcesInApp(api, ...MAPPING_TYPES).some((mapping) => {
    const props = cfnProperties(mapping);
    return isReferenceTo(Stack.of(mapping), props.RestApiId ?? props.ApiId, api) && requiresMutualTls(mapping, props.DomainName);
  });
}

/**
 * The API's default endpoint, for an API mapped to a mutual-TLS domain: COMPLIANT only when
 * `DisableExecuteApiEndpoint` is true.
 */
export function executeApiEndpointDisabled(api: CfnResource): boolean {
  return booleanValue(api, cfnProperties(api).DisableExecuteApiEndpoint, 'DisableExecuteApiEndpoint') ?? false;
}

/** Whether the custom domain a mapping names (by reference or by its name) requires mutual TLS. */
function requiresMutualTls(mapping: CfnResource, domainName: unknown): boolean {
  return resourcesInApp(mapping, ...DOMAIN_TYPES).some((domain) =>
    mappingNamesDomain(mapping, domainName, domain) && cfnProperties(domain).MutualTlsAuthentication?.TruststoreUri !== undefined);
}
