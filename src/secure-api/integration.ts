import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ROUTE_STATUS_CODES, SECURITY_RESPONSE_HEADERS } from './secure-api-defaults';

/*
 * Why a non-proxy Lambda integration: API Gateway rejects a request whose Content-Type has no
 * request mapping template with 415 Unsupported Media Type only when the integration's
 * passthrough behavior is NEVER, and AWS documents that proxy integrations have no passthrough
 * behavior (they hand every request to the function as is). So each route gets a mapping
 * template per accepted content type and `passthroughBehavior: NEVER`; a request of any other
 * content type never reaches a function. A request without a Content-Type is treated by API
 * Gateway as `application/json`.
 *
 * The event each function receives (the template below):
 *
 * {
 *   "body":         the JSON body (JSON content types) or the raw body as a string,
 *   "contentType":  the accepted content type the request was sent with,
 *   "method":       "POST",
 *   "resourcePath": "/findings/{orgId}",
 *   "path":         { "orgId": "..." },       path parameters
 *   "query":        { "name": "..." },        query string parameters
 *   "headers":      { "X-Name": "..." },      only the route's required headers
 *   "caller":       { ... },                  the authorizer's view of the caller (per mode); fields
 *                                             the authorizer did not set are left out
 *   "requestId":    "...",
 *   "sourceIp":     "..."
 * }
 *
 * The function answers `{ "statusCode": 201, "body": <any JSON> }`: the response template
 * returns `body` as the JSON response and sets the status through
 * `$context.responseOverride.status` (the status must be one of ROUTE_STATUS_CODES, each a
 * declared method response). A function error becomes a bare 500 without the error message,
 * so no stack trace or internal detail reaches the caller.
 */

const ESCAPE = ".replaceAll(\"\\\\'\", \"'\")"; // $util.escapeJavaScript escapes ' as \' which JSON forbids

function escaped(expression: string): string {
  return `"$util.escapeJavaScript(${expression})${ESCAPE}"`;
}

function mapOf(params: string): string {
  return `{#foreach($name in $input.params().${params}.keySet())${escaped('$name')}: ${escaped(`$input.params().${params}.get($name)`)}#if($foreach.hasNext),#end#end}`;
}

function headersOf(headers: string[]): string {
  return `{${headers.map((header) => `${JSON.stringify(header)}: ${escaped(`$input.params().header.get('${header}')`)}`).join(', ')}}`;
}

/** Whether a content type carries JSON (its body is handed over parsed). */
export function isJsonContentType(contentType: string): boolean {
  return /^application\/([\w.+-]+\+)?json$/i.test(contentType);
}

/** The request mapping template for one content type. */
export function requestTemplate(contentType: string, headers: string[], caller: Record<string, string>): string {
  const body = isJsonContentType(contentType) ? "$input.json('$')" : escaped('$input.body');
  // A caller field the authorizer did not set is left out (not ""), so functions see it as absent.
  const callerFields = Object.entries(caller).map(([name, expression]) =>
    `#if("${expression.replace(/^\$/, '$!{')}}" != "")$separator${JSON.stringify(name)}: ${escaped(expression)}#set($separator = ",")#end`);
  return [
    '{',
    `"body": ${body},`,
    `"contentType": ${JSON.stringify(contentType)},`,
    '"method": "$context.httpMethod",',
    `"resourcePath": ${escaped('$context.resourcePath')},`,
    `"path": ${mapOf('path')},`,
    `"query": ${mapOf('querystring')},`,
    `"headers": ${headersOf(headers)},`,
    `"caller": {#set($separator = "")${callerFields.join('')}},`,
    '"requestId": "$context.requestId",',
    '"sourceIp": "$context.identity.sourceIp"',
    '}',
  ].join('\n');
}

const RESPONSE_TEMPLATE = [
  "#set($response = $input.path('$'))",
  '#if("$!response.statusCode" != "")#set($context.responseOverride.status = $response.statusCode)#end',
  "$input.json('$.body')",
].join('\n');

const ERROR_TEMPLATE = '{"message": "Internal server error", "requestId": "$context.requestId"}';

const RESPONSE_PARAMETERS = Object.fromEntries(
  Object.entries(SECURITY_RESPONSE_HEADERS).map(([name, value]) => [`method.response.header.${name}`, `'${value}'`]));

/** A non-proxy Lambda integration with the templates above, allowed to invoke the function for this method only. */
export function lambdaIntegration(
  fn: lambda.IFunction, contentTypes: string[], headers: string[], caller: Record<string, string>,
): apigw.LambdaIntegration {
  return new apigw.LambdaIntegration(fn, {
    proxy: false,
    allowTestInvoke: false,
    scopePermissionToMethod: true,
    passthroughBehavior: apigw.PassthroughBehavior.NEVER,
    requestTemplates: Object.fromEntries(contentTypes.map((type) => [type, requestTemplate(type, headers, caller)])),
    integrationResponses: [
      {
        statusCode: '200',
        responseTemplates: { 'application/json': RESPONSE_TEMPLATE },
        responseParameters: RESPONSE_PARAMETERS,
      },
      {
        // A Lambda function error: its message is matched here, never returned.
        selectionPattern: '(\\n|.)+',
        statusCode: '500',
        responseTemplates: { 'application/json': ERROR_TEMPLATE },
        responseParameters: RESPONSE_PARAMETERS,
      },
    ],
  });
}

/** The method responses: every status an integration may set, with the security headers. */
export function methodResponses(): apigw.MethodResponse[] {
  const headers = Object.fromEntries(Object.keys(SECURITY_RESPONSE_HEADERS).map((name) => [`method.response.header.${name}`, true]));
  return ROUTE_STATUS_CODES.map((statusCode) => ({
    statusCode,
    responseParameters: headers,
    responseModels: { 'application/json': apigw.Model.EMPTY_MODEL },
  }));
}
