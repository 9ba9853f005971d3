import { arnPathPattern, MappingRoute } from '../mapping-format';
import { wildcardMatch } from './wildcard-match';

export interface PolicyStatement {
  readonly Action: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Resource: string | readonly string[];
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly PolicyStatement[];
}

const VERSION = '2012-10-17';
const INVOKE = 'execute-api:Invoke';

/** Denies every method of every API this authorizer guards. */
export const DENY_ALL: PolicyDocument = Object.freeze({
  Version: VERSION,
  Statement: Object.freeze([Object.freeze({ Action: INVOKE, Effect: 'Deny' as const, Resource: '*' })]),
});

/** An Allow policy for one route and the method ARN patterns in it. */
export interface RoutePolicy {
  readonly document: PolicyDocument;
  readonly resources: readonly string[];
}

/** Policies already built, by stage and route: a client calls the same few routes again and again. */
const built = new Map<string, RoutePolicy>();
const MAX_BUILT_POLICIES = 1024;

/**
 * Allows the one route API Gateway resolved for this request (`GET /findings/{orgId}` →
 * `<stage>/GET/findings/*`), and nothing else.
 *
 * Why a cached copy of this policy can never open another route: API Gateway caches a REQUEST
 * authorizer's policy under the values of its identity sources and serves it to later requests
 * with the same values (API Gateway developer guide, "Configure a Lambda authorizer": the
 * identity sources "are used to derive the authorization caching key"). SecureApi's identity
 * sources include `context.httpMethod` and `context.resourceId` (see certificate-ou-mode.ts), so
 * a cached copy only ever meets requests that API Gateway resolved to this same method of this
 * same resource, i.e. this same route. The `*` that stands for a path parameter may match sibling
 * and deeper paths in the text of an ARN, but no request of another route is ever evaluated
 * against this policy. The decision itself (allow or not) never rests on the pattern: it is made
 * on the route's name by exact look-up (authorizer.ts).
 */
export function allowRoute(stagePrefix: string, route: MappingRoute): RoutePolicy {
  const key = `${stagePrefix} ${route.method} ${route.path}`;
  let policy = built.get(key);
  if (policy === undefined) {
    const pattern = `${stagePrefix}/${route.method}${arnPathPattern(route.path)}`;
    // A request with a trailing slash reaches the same resource with the slash in its method ARN
    // (AWS doesn't document it either way, so both forms are allowed; both are this route's).
    const resources = Object.freeze(/[*/]$/.test(pattern) ? [pattern] : [pattern, `${pattern}/`]);
    policy = {
      resources,
      document: Object.freeze({
        Version: VERSION,
        Statement: Object.freeze([Object.freeze({ Action: INVOKE, Effect: 'Allow' as const, Resource: resources })]),
      }),
    };
    if (built.size >= MAX_BUILT_POLICIES) {
      built.clear();
    }
    built.set(key, policy);
  }
  return policy;
}

/** Whether the policy lets the request's method ARN through, judged as API Gateway would. */
export function policyAllows(policy: RoutePolicy, methodArn: string): boolean {
  return policy.resources.some((resource) => wildcardMatch(resource, methodArn));
}
