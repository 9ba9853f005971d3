import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { booleanValue, cfnProperties } from '../private/cfn-values';
import { isReferenceTo, referencedElement, resourcesInApp } from '../private/references';

const MAPPING_TYPES = ['AWS::ApiGateway::BasePathMapping', 'AWS::ApiGatewayV2::ApiMapping'];

/**
 * REST APIs mapped to a custom domain that requires mutual TLS disable their default
 * `execute-api` endpoint (`DisableExecuteApiEndpoint: true`): otherwise any caller reaches the
 * API without a client certificate and the mTLS check is bypassed.
 */
export function ApiGwExecuteApiEndpointClosedWithMtls(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ApiGateway::RestApi') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  if (!mappedToMutualTlsDomain(node)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const disabled = booleanValue(node, cfnProperties(node).DisableExecuteApiEndpoint, 'DisableExecuteApiEndpoint') ?? false;
  return disabled ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

function mappedToMutualTlsDomain(restApi: CfnResource): boolean {
  return resourcesInApp(restApi, ...MAPPING_TYPES).some((mapping) => {
    const props = cfnProperties(mapping);
    const stack = Stack.of(mapping);
    return isReferenceTo(stack, props.RestApiId ?? props.ApiId, restApi) && requiresMutualTls(mapping, props.DomainName);
  });
}

/** Whether the custom domain a mapping names (by reference or by its name) requires mutual TLS. */
function requiresMutualTls(mapping: CfnResource, domainName: unknown): boolean {
  const referenced = referencedElement(Stack.of(mapping), domainName);
  const domains = CfnResource.isCfnResource(referenced)
    ? [referenced]
    : resourcesInApp(mapping, 'AWS::ApiGateway::DomainName')
      .filter((domain) => typeof domainName === 'string' && cfnProperties(domain).DomainName === domainName);
  return domains.some((domain) =>
    domain.cfnResourceType === 'AWS::ApiGateway::DomainName' && cfnProperties(domain).MutualTlsAuthentication?.TruststoreUri !== undefined);
}
