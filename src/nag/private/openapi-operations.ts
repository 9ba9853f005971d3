import { CfnResource } from 'aws-cdk-lib';
import { isIntrinsic } from './cfn-values';
import { UnvalidatableValueError } from './unvalidatable';

/** The operation keys of an OpenAPI path item, with API Gateway's catch-all method. */
const OPERATION_KEYS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'x-amazon-apigateway-any-method'];

/**
 * The operations of an API's OpenAPI (3.x) or Swagger (2.0) definition, inline in `Body`, that
 * no API Gateway authorizer guards, as `METHOD /path` (`ANY` for the catch-all method).
 *
 * "Working with API Gateway extensions to OpenAPI": an authorizer is a security scheme carrying
 * `x-amazon-apigateway-authtype` (`awsSigv4` for IAM, `cognito_user_pools`, `custom`) or
 * `x-amazon-apigateway-authorizer` (Lambda, Cognito, JWT), applied by the operation's
 * `security` requirement or else by the root one. A scheme without either extension (the API
 * key scheme `x-api-key`) is not an authorizer, an empty requirement (`{}`) lets anonymous
 * callers in, and `security: []` on an operation removes the root requirement.
 *
 * A CORS preflight (`options` answered by a `mock` integration) is not reported. Throws an
 * `UnvalidatableValueError` when the definition or its security can't be read at synth time.
 */
export function unauthorizedOperations(node: CfnResource, body: unknown): string[] {
  const definition = parsedDefinition(node, body);
  const schemes = definition.components?.securitySchemes ?? definition.securityDefinitions ?? {};
  readable(node, schemes, 'Body security schemes');
  const isAuthorizer = (name: string) => {
    const scheme = schemes[name];
    return typeof scheme === 'object' && scheme !== null &&
      (scheme['x-amazon-apigateway-authtype'] !== undefined || scheme['x-amazon-apigateway-authorizer'] !== undefined);
  };
  const guards = (security: unknown, what: string) => {
    readable(node, security, what);
    return Array.isArray(security) && security.length > 0 && security.every((requirement) =>
      typeof requirement === 'object' && requirement !== null && Object.keys(requirement).some(isAuthorizer));
  };
  const paths = readable(node, definition.paths ?? {}, 'Body paths');
  const unauthorized: string[] = [];
  for (const [path, item] of Object.entries<any>(paths)) {
    if (readable(node, item, `Body paths.${path}`)?.$ref !== undefined) {
      throw new UnvalidatableValueError(node, `Body paths.${path}`, 'the path item is a $ref, whose operations are not in the template');
    }
    for (const key of OPERATION_KEYS.filter((candidate) => item?.[candidate] !== undefined)) {
      const operation = readable(node, item[key], `Body paths.${path}.${key}`);
      const method = key === 'x-amazon-apigateway-any-method' ? 'ANY' : key.toUpperCase();
      if (method === 'OPTIONS' && String(operation['x-amazon-apigateway-integration']?.type).toLowerCase() === 'mock') {
        continue;
      }
      if (!guards(operation.security ?? definition.security, `Body paths.${path}.${key}.security`)) {
        unauthorized.push(`${method} ${path}`);
      }
    }
  }
  return unauthorized;
}

function parsedDefinition(node: CfnResource, body: unknown): Record<string, any> {
  let definition = body;
  if (typeof body === 'string') {
    try {
      definition = JSON.parse(body);
    } catch {
      throw new UnvalidatableValueError(node, 'Body', 'the OpenAPI definition is a string that is not JSON (YAML is not read)');
    }
  }
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw new UnvalidatableValueError(node, 'Body', 'the OpenAPI definition is not an object');
  }
  return readable(node, definition, 'Body');
}

/** The value itself, or an `UnvalidatableValueError` when it is an intrinsic (`Fn::Transform`, `Fn::If`...). */
function readable<T>(node: CfnResource, value: T, what: string): T {
  if (isIntrinsic(value)) {
    throw new UnvalidatableValueError(node, what, `its value ${JSON.stringify(value)} is not known at synth time`);
  }
  return value;
}
