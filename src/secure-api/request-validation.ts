import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { RouteKey } from './authorization/bound-authorization';
import { isJsonContentType } from './integration';
import { InvalidPropError } from '../private/errors';

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** The parameters API Gateway requires before any function runs: path parameters, required query strings and headers. */
export function requestParameters(path: string, queryParameters: string[], headers: string[]): Record<string, boolean> {
  const pathParameters = [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1]);
  return Object.fromEntries([
    ...pathParameters.map((name) => [`method.request.path.${name}`, true]),
    ...queryParameters.map((name) => [`method.request.querystring.${name}`, true]),
    ...headers.map((name) => [`method.request.header.${name}`, true]),
  ]);
}

/** The request model of a route's JSON content types, from its schema. */
export function requestModels(
  scope: IConstruct, api: apigw.RestApi, route: RouteKey, contentTypes: string[], schema: apigw.JsonSchema | undefined,
): Record<string, apigw.IModel> | undefined {
  if (!schema) {
    return undefined;
  }
  const jsonTypes = contentTypes.filter(isJsonContentType);
  if (jsonTypes.length === 0) {
    throw new InvalidPropError('SecureApi.SchemaWithoutJsonContentType', scope, `addRoute ${route.method} ${route.path} requestSchema`,
      'a JSON schema is given but the route accepts no JSON content type', "accept 'application/json', or leave requestSchema out");
  }
  const id = `${route.method}${route.path}`.replace(/[^A-Za-z0-9]/g, '') || 'Root';
  const model = api.addModel(`${id}RequestModel`, {
    contentType: jsonTypes[0],
    schema: { schema: apigw.JsonSchemaVersion.DRAFT4, ...schema },
    description: `Request body of ${route.method} ${route.path}`,
  });
  return Object.fromEntries(jsonTypes.map((type) => [type, model]));
}

/** The accepted media types (lower-cased, without duplicates), or an error. */
export function validContentTypes(scope: IConstruct, route: string, contentTypes: string[]): string[] {
  const invalid = contentTypes.filter((type) => !MEDIA_TYPE.test(type));
  if (contentTypes.length === 0 || invalid.length > 0) {
    throw new InvalidPropError('SecureApi.InvalidContentTypes', scope, `addRoute ${route} contentTypes`,
      contentTypes.length === 0 ? 'no content type is accepted' : `'${invalid[0]}' is not a media type`,
      "list the accepted media types without parameters, e.g. ['application/json']");
  }
  return [...new Set(contentTypes.map((type) => type.toLowerCase()))];
}
