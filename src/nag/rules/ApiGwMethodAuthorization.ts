import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { hasNoAuthorization } from '../private/api-gateway';
import { booleanValue, cfnProperties, stringValue } from '../private/cfn-values';
import { unauthorizedOperations } from '../private/openapi-operations';
import { UnvalidatableValueError } from '../private/unvalidatable';

/**
 * REST API methods name an authorizer (IAM, Cognito or a Lambda authorizer), whether they are
 * `AWS::ApiGateway::Method` resources or operations of the OpenAPI definition in the API's
 * `Body` (`SpecRestApi`, an imported template). CORS preflight `OPTIONS` methods answered by a
 * mock integration are exempt: browsers send them without credentials and they reach no
 * backend. `Method` resources that require only an API key are left to
 * `ApiGwApiKeyNotSoleAuthorization`; OpenAPI operations guarded by an API key alone are
 * reported here, since that rule reads only `Method` resources.
 *
 * "AWS::ApiGateway::RestApi" (CloudFormation): `Body` is "An OpenAPI specification that defines
 * a set of RESTful APIs in JSON format", `BodyS3Location` "The Amazon Simple Storage Service
 * (Amazon S3) location that points to an OpenAPI file", and `CloneFrom` "The ID of the
 * RestApi that you want to clone from". A definition in S3 or a cloned API can't be read at
 * synth time, so the rule reports it (could not be validated) rather than pass methods it
 * can't see: acknowledge it with the reason the definition is known to authorize every method,
 * or inline the definition (`ApiDefinition.fromInline`).
 *
 * One finding per unauthorized OpenAPI operation (`[Operation::GET /items]`).
 */
export function ApiGwMethodAuthorization(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType === 'AWS::ApiGateway::RestApi') {
    return definitionCompliance(node);
  }
  if (node.cfnResourceType !== 'AWS::ApiGateway::Method') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const props = cfnProperties(node);
  const httpMethod = stringValue(node, props.HttpMethod, 'HttpMethod')?.toUpperCase();
  if (httpMethod === 'OPTIONS' && stringValue(node, props.Integration?.Type, 'Integration.Type')?.toUpperCase() === 'MOCK') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  if (!hasNoAuthorization(node, props)) {
    return NagRuleCompliance.COMPLIANT;
  }
  const apiKeyRequired = booleanValue(node, props.ApiKeyRequired, 'ApiKeyRequired') ?? false;
  return apiKeyRequired ? NagRuleCompliance.NOT_APPLICABLE : NagRuleCompliance.NON_COMPLIANT;
}

function definitionCompliance(restApi: CfnResource): NagRuleResult {
  const props = cfnProperties(restApi);
  if (props.BodyS3Location !== undefined) {
    throw new UnvalidatableValueError(restApi, 'BodyS3Location', 'the OpenAPI definition is in S3, so its methods can\'t be read at synth time');
  }
  if (props.CloneFrom !== undefined) {
    throw new UnvalidatableValueError(restApi, 'CloneFrom', 'the methods are cloned from another API, so they can\'t be read at synth time');
  }
  if (props.Body === undefined) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const unauthorized = unauthorizedOperations(restApi, props.Body);
  return unauthorized.length > 0 ? unauthorized.map((operation) => `Operation::${operation}`) : NagRuleCompliance.COMPLIANT;
}
