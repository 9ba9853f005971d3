import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { hasNoAuthorization } from '../private/api-gateway';
import { cfnProperties, stringValue } from '../private/cfn-values';
import { unauthorizedOperations } from '../private/openapi-operations';
import { referencedElement } from '../private/references';
import { UnvalidatableValueError } from '../private/unvalidatable';

/** An HTTP API route key: a method and a path (`GET /items`, `ANY /{proxy+}`). */
const HTTP_ROUTE_KEY = /^[A-Z]+ \//;

/**
 * Routes of HTTP APIs, and the `$connect` route of WebSocket APIs, name an authorizer.
 *
 * "AWS::ApiGatewayV2::Route" (CloudFormation), `AuthorizationType`: "For WebSocket APIs, valid
 * values are NONE for open access, AWS_IAM for using AWS IAM permissions, and CUSTOM for using
 * a Lambda authorizer. For HTTP APIs, valid values are NONE for open access, JWT for using JSON
 * Web Tokens, AWS_IAM for using AWS IAM permissions, and CUSTOM for using a Lambda authorizer."
 * Left out, it is `NONE`.
 * "Manage connected users and client apps: $connect and $disconnect routes": "Because the
 * WebSocket connection is a stateful connection, you can configure authorization on the
 * $connect route only." So WebSocket message routes are not checked, and an open `$connect`
 * opens them all.
 * "AWS::ApiGatewayV2::Api", `Target`: "This property is part of quick create. Quick create
 * produces an API with an integration, a default catch-all route, and a default stage" (a
 * route with no authorizer); `Body` holds an OpenAPI definition whose operations are read as
 * for REST APIs, and one in S3 (`BodyS3Location`) is reported as could not be validated.
 *
 * A route whose API is not in the app and whose key does not tell HTTP from WebSocket
 * (`$default`, a custom WebSocket key) could not be validated.
 */
export function ApiGwV2RouteAuthorization(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType === 'AWS::ApiGatewayV2::Api') {
    return apiCompliance(node);
  }
  if (node.cfnResourceType !== 'AWS::ApiGatewayV2::Route') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const props = cfnProperties(node);
  const routeKey = stringValue(node, props.RouteKey, 'RouteKey') ?? '';
  const protocol = protocolOf(node, props.ApiId, routeKey);
  if (protocol === 'WEBSOCKET' && routeKey !== '$connect') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  return hasNoAuthorization(node, props) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

function apiCompliance(api: CfnResource): NagRuleResult {
  const props = cfnProperties(api);
  if (props.BodyS3Location !== undefined) {
    throw new UnvalidatableValueError(api, 'BodyS3Location', 'the OpenAPI definition is in S3, so its routes can\'t be read at synth time');
  }
  if (props.Body !== undefined) {
    const unauthorized = unauthorizedOperations(api, props.Body);
    return unauthorized.length > 0 ? unauthorized.map((operation) => `Operation::${operation}`) : NagRuleCompliance.COMPLIANT;
  }
  if (props.Target !== undefined) {
    return NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.NOT_APPLICABLE;
}

/** `HTTP` or `WEBSOCKET`: the route's API's `ProtocolType`, or what its key says. */
function protocolOf(route: CfnResource, apiId: unknown, routeKey: string): string {
  const api = referencedElement(Stack.of(route), apiId);
  if (CfnResource.isCfnResource(api) && api.cfnResourceType === 'AWS::ApiGatewayV2::Api') {
    const protocol = stringValue(api, cfnProperties(api).ProtocolType, 'ProtocolType');
    if (protocol !== undefined) {
      return protocol.toUpperCase();
    }
  }
  if (HTTP_ROUTE_KEY.test(routeKey)) {
    return 'HTTP';
  }
  if (routeKey === '$connect' || routeKey === '$disconnect') {
    return 'WEBSOCKET';
  }
  throw new UnvalidatableValueError(route, 'ApiId', `the route's API is not in the app, and its key '${routeKey}' does not say whether it is an HTTP route or a WebSocket message route`);
}
