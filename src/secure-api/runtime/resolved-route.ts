import { formatRoute, isResourcePath, MappingRoute, ROUTE_METHODS } from '../mapping-format';
import { stringField } from './event-fields';
import { MethodArn } from './method-arn';
import { OuMapping } from './ou-mapping';

/**
 * The route API Gateway resolved for this request: the event's `httpMethod` and its `resource`,
 * the resource path template (`/findings/{orgId}`), as the REQUEST authorizer input carries them
 * (API Gateway developer guide, "Input to an API Gateway Lambda authorizer"). API Gateway has
 * already chosen the route (a literal segment before a `{param}`, `{proxy+}` greedy), so the
 * authorizer never matches paths against patterns itself. `undefined` when the fields are missing,
 * are not a method and a resource template, or disagree with the method ARN.
 */
export function resolvedRoute(event: unknown, methodArn: MethodArn): MappingRoute | undefined {
  const method = stringField(event, 'httpMethod');
  const path = stringField(event, 'resource');
  if (method === undefined || path === undefined || method !== methodArn.method || method === 'ANY' || !ROUTE_METHODS.includes(method)) {
    return undefined;
  }
  return isResourcePath(path) ? { method, path } : undefined;
}

/** Whether the OU is mapped to the route: by its exact method, or by `ANY` on the same resource. */
export function isMapped(mapping: OuMapping, route: MappingRoute): boolean {
  return mapping.routeKeys.has(formatRoute(route)) || mapping.routeKeys.has(formatRoute({ method: 'ANY', path: route.path }));
}
