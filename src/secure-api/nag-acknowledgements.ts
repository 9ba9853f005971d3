import { Annotations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { acknowledgeFinding } from '../private/acknowledge';

const WAF_RULES = [
  'AwsSolutions-APIG3',
  'HIPAA.Security-APIGWAssociatedWithWAF',
  'NIST.800.53.R4-APIGWAssociatedWithWAF',
  'NIST.800.53.R5-APIGWAssociatedWithWAF',
  'PCI.DSS.321-APIGWAssociatedWithWAF',
];

const CACHE_RULES = [
  'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
  'NIST.800.53.R4-APIGWCacheEnabledAndEncrypted',
  'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
  'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
];

const AUTHORIZATION_RULES = ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'SecureServerless-ApiGwMethodAuthorization'];

/** Findings every stage of a `SecureApi` raises by design. */
export function acknowledgeStageFindings(stage: apigw.Stage): void {
  for (const rule of CACHE_RULES) {
    acknowledgeFinding(stage, rule,
      'Response caching is off on purpose: responses are per caller (the authorizer decides per client identity), ' +
      'so a cached response could be served to another caller. With no cache there is no cached data to encrypt.');
  }
}

/** The WAF findings of a stage the user chose to leave without a web ACL, with the user's reason. */
export function acknowledgeWithoutWebAcl(stage: apigw.Stage, reason: string): void {
  for (const rule of WAF_RULES) {
    acknowledgeFinding(stage, rule, `No web ACL (SecureApi unsafeNoWebAclReason): ${reason}`);
  }
}

/** The authorization findings of a route the user made unauthenticated, with the user's reason. */
export function acknowledgeUnauthenticatedMethod(method: apigw.Method, reason: string): void {
  for (const rule of AUTHORIZATION_RULES) {
    acknowledgeFinding(method, rule, `Unauthenticated route (SecureApi addUnauthenticatedRoute): ${reason}`);
  }
  // The API's default scopes (Cognito) meet a NONE method, which aws-cdk-lib warns of and ignores, as intended.
  Annotations.of(method).acknowledgeWarning('@aws-cdk/aws-apigateway:invalidAuthScope',
    'An unauthenticated route takes none of the API\'s default authorization scopes');
}
