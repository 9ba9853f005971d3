import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { SECURITY_RESPONSE_HEADERS } from './secure-api-defaults';

/*
 * API Gateway's own error answers (failed authorization, validation, throttling, an unsupported
 * content type, an integration failure) as JSON. 4XX answers carry API Gateway's short message
 * (e.g. "Unauthorized", "Invalid request body"); 5XX answers a fixed message, so neither
 * says anything about the integration, the authorizer or the mapping behind them.
 */

const CLIENT_ERROR = '{"message": $context.error.messageString, "requestId": "$context.requestId"}';

function fixed(message: string): string {
  return `{"message": ${JSON.stringify(message)}, "requestId": "$context.requestId"}`;
}

const HEADERS = Object.fromEntries(Object.entries(SECURITY_RESPONSE_HEADERS).map(([name, value]) => [name, `'${value}'`]));

/** Adds the JSON gateway responses to an API. */
export function addJsonGatewayResponses(api: apigw.RestApi): void {
  const responses: [string, apigw.ResponseType, string, string | undefined][] = [
    ['Default4xx', apigw.ResponseType.DEFAULT_4XX, CLIENT_ERROR, undefined],
    ['Default5xx', apigw.ResponseType.DEFAULT_5XX, fixed('Internal server error'), undefined],
    ['UnsupportedMediaType', apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE, fixed('Unsupported Media Type'), '415'],
    ['AccessDenied', apigw.ResponseType.ACCESS_DENIED, fixed('Forbidden'), '403'],
    ['AuthorizerFailure', apigw.ResponseType.AUTHORIZER_FAILURE, fixed('Internal server error'), '500'],
    ['AuthorizerConfigurationError', apigw.ResponseType.AUTHORIZER_CONFIGURATION_ERROR, fixed('Internal server error'), '500'],
    ['WafFiltered', apigw.ResponseType.WAF_FILTERED, fixed('Forbidden'), '403'],
  ];
  for (const [id, type, template, statusCode] of responses) {
    api.addGatewayResponse(id, {
      type,
      statusCode,
      templates: { 'application/json': template },
      responseHeaders: HEADERS,
    });
  }
}
