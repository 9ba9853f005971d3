import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { TLS_12_OR_LATER } from '../private/api-gateway';
import { asArray, cfnProperties, isIntrinsic, stringValue } from '../private/cfn-values';
import { mappingNamesDomain } from '../private/domain-names';
import { referencedElement, resourcesInApp } from '../private/references';
import { UnvalidatableValueError } from '../private/unvalidatable';

/**
 * API Gateway v2 custom domains (`AWS::ApiGatewayV2::DomainName`) enforce TLS 1.2 in every
 * `DomainNameConfigurations` entry.
 *
 * "Setting up custom domain names for HTTP APIs": "A custom domain can be associated with REST
 * APIs and HTTP APIs. You can use API Gateway Version 2 APIs to create and manage Regional
 * custom domain names for REST APIs and HTTP APIs." and "For HTTP APIs, TLS 1.2 is the only
 * supported TLS version." "Choose a security policy for your custom domain in API Gateway":
 * "If you choose a TLS 1.0 security policy, the security policy accepts TLS 1.0, TLS 1.1,
 * TLS 1.2, and TLS 1.3 traffic."
 *
 * So `TLS_1_0` is non-compliant, and a configuration without `SecurityPolicy` is compliant only
 * when every API mapped to the domain in the app is an HTTP API (AWS documents no default for a
 * domain that serves a REST or WebSocket API).
 */
export function ApiGwV2DomainTls12(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ApiGatewayV2::DomainName') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const configurations = cfnProperties(node).DomainNameConfigurations;
  if (isIntrinsic(configurations)) {
    throw new UnvalidatableValueError(node, 'DomainNameConfigurations', 'the configurations are not known at synth time');
  }
  const policies = asArray(configurations).map((configuration, index) =>
    stringValue(node, configuration?.SecurityPolicy, `DomainNameConfigurations[${index}].SecurityPolicy`));
  if (policies.length === 0 || policies.some((policy) => policy !== undefined && !TLS_12_OR_LATER.test(policy))) {
    return NagRuleCompliance.NON_COMPLIANT;
  }
  if (policies.some((policy) => policy === undefined) && !servesOnlyHttpApis(node)) {
    return NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.COMPLIANT;
}

/** Whether the domain has API mappings in the app and every one maps an HTTP API. */
function servesOnlyHttpApis(domain: CfnResource): boolean {
  const mappings = resourcesInApp(domain, 'AWS::ApiGatewayV2::ApiMapping')
    .map((mapping) => ({ stack: Stack.of(mapping), props: cfnProperties(mapping), mapping }))
    .filter(({ props, mapping }) => mappingNamesDomain(mapping, props.DomainName, domain));
  return mappings.length > 0 && mappings.every(({ stack, props }) => {
    const api = referencedElement(stack, props.ApiId);
    return CfnResource.isCfnResource(api) && api.cfnResourceType === 'AWS::ApiGatewayV2::Api' &&
      cfnProperties(api).ProtocolType === 'HTTP';
  });
}

