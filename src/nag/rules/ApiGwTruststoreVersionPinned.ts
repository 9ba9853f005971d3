import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { cfnProperties, possibleValues } from '../private/cfn-values';

const DOMAIN_TYPES = ['AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName'];

/**
 * Mutual-TLS custom domains name the truststore object's version (`TruststoreVersion`), so a new
 * upload to the truststore's key changes which CAs are trusted only when the domain is updated
 * to that version. Without one, API Gateway takes the object's latest version whenever the domain
 * is next updated for any reason. A version from a resource attribute or a parameter is a pin
 * (it is whatever the deployment passes); a condition that can drop it is not.
 */
export function ApiGwTruststoreVersionPinned(node: CfnResource): NagRuleCompliance {
  if (!DOMAIN_TYPES.includes(node.cfnResourceType)) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const mutualTls = possibleValues(cfnProperties(node).MutualTlsAuthentication)
    .filter((value: any) => value?.TruststoreUri !== undefined);
  if (mutualTls.length === 0) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const versions = mutualTls.flatMap((value: any) => possibleValues(value.TruststoreVersion));
  return versions.every((version) => version !== undefined && version !== '')
    ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
