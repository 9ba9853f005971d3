import { CfnResource, Stack } from 'aws-cdk-lib';
import { cfnProperties } from './cfn-values';
import { isReferenceTo } from './references';

/**
 * Whether a base path mapping or API mapping names this custom domain: by a reference to the
 * domain resource, by the same literal name, or by the same intrinsic as the domain's own
 * `DomainName` (a template parameter, as public templates often write it) in the domain's
 * stack, where that intrinsic has one value. The mapping's `DomainName` is "The domain name"
 * (AWS::ApiGatewayV2::ApiMapping, AWS::ApiGateway::BasePathMapping).
 */
export function mappingNamesDomain(mapping: CfnResource, mappingDomainName: unknown, domain: CfnResource): boolean {
  if (mappingDomainName === undefined) {
    return false;
  }
  const mappingStack = Stack.of(mapping);
  if (isReferenceTo(mappingStack, mappingDomainName, domain)) {
    return true;
  }
  const domainName = cfnProperties(domain).DomainName;
  if (typeof mappingDomainName === 'string') {
    return mappingDomainName === domainName;
  }
  return mappingStack === Stack.of(domain) && JSON.stringify(mappingDomainName) === JSON.stringify(domainName);
}
