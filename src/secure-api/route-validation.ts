import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { HTTP_METHODS, isResourcePath } from './mapping-format';
import { DEPLOY_TIME_RULES, validDeployTimeString } from '../private/deploy-time-rules';
import { InvalidPropError } from '../private/errors';

/** The route's method, upper-cased, or an error naming the allowed ones. */
export function validMethod(scope: IConstruct, method: string): string {
  const upper = method.toUpperCase();
  if (!HTTP_METHODS.includes(upper)) {
    throw new InvalidPropError('SecureApi.InvalidRouteMethod', scope, 'addRoute method', `'${method}' is not a route method`,
      `use one of ${HTTP_METHODS.join(', ')} (ANY is not offered: each invoke permission names one method)`);
  }
  return upper;
}

/** The route's path, or an error: a leading `/`, balanced `{}` and API Gateway's segment syntax. */
export function validPath(scope: IConstruct, path: string): string {
  if (!path.startsWith('/')) {
    throw new InvalidPropError('SecureApi.RoutePathWithoutSlash', scope, 'addRoute path', `'${path}' does not start with '/'`, `write it as '/${path}'`);
  }
  if (!bracesBalanced(path)) {
    throw new InvalidPropError('SecureApi.UnbalancedRoutePath', scope, 'addRoute path', `'${path}' has an unbalanced '{' or '}'`,
      "write each path parameter as one whole segment, e.g. '/findings/{orgId}'");
  }
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (!isResourcePath(trimmed)) {
    throw new InvalidPropError('SecureApi.InvalidRoutePath', scope, 'addRoute path', `'${path}' is not a valid resource path`,
      "use segments of letters, digits and '._~:@-', or whole-segment parameters like '{orgId}' ('{proxy+}' only last)");
  }
  for (const segment of trimmed.split('/').filter((part) => part !== '' && !part.startsWith('{'))) {
    validDeployTimeString(scope, 'addRoute path', segment, DEPLOY_TIME_RULES.apiGatewayPathPart);
  }
  return trimmed;
}

function bracesBalanced(path: string): boolean {
  let open = false;
  for (const char of path) {
    if (char === '{') {
      if (open) return false;
      open = true;
    } else if (char === '}') {
      if (!open) return false;
      open = false;
    }
  }
  return !open;
}

/**
 * The function behind a route: a `lambda.IFunction`, or a construct that exposes one as
 * `function` (a `ScopedFunction`). Typed as `iam.IGrantable` because both kinds are grantable,
 * which keeps the parameter a single jsii type.
 */
export function routeFunction(scope: IConstruct, handler: iam.IGrantable): lambda.IFunction {
  if (isFunction(handler)) {
    return handler;
  }
  const inner = (handler as unknown as { function?: unknown }).function;
  if (isFunction(inner)) {
    return inner;
  }
  throw new InvalidPropError('SecureApi.InvalidRouteHandler', scope, 'addRoute handler', 'the handler is neither a lambda.IFunction nor has a `function` that is one',
    'pass a ScopedFunction or a lambda.IFunction');
}

function isFunction(candidate: unknown): candidate is lambda.IFunction {
  const fn = candidate as Partial<lambda.IFunction> | undefined;
  return typeof fn?.addPermission === 'function' && typeof fn?.functionArn === 'string';
}
