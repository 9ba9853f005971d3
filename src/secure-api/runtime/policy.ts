import { OuMapping } from './ou-mapping';
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

/** An Allow policy and the ARN patterns in it. */
export interface RoutePolicy {
  readonly document: PolicyDocument;
  readonly resources: readonly string[];
}

const singleOuPolicies = new WeakMap<OuMapping, { stagePrefix: string; policy: RoutePolicy }>();

/**
 * Allows every route the OUs are mapped to on this API stage, and nothing else (anything not
 * allowed is denied implicitly). All routes, not just the one asked for, because API Gateway
 * caches the policy for the caller and applies it to their next requests too.
 */
export function allowMappedRoutes(stagePrefix: string, mappings: readonly OuMapping[]): RoutePolicy {
  if (mappings.length !== 1) {
    return buildPolicy(stagePrefix, [...new Set(mappings.flatMap((mapping) => mapping.arnSuffixes))]);
  }
  // The warm path: one OU whose policy for this stage was built before.
  const mapping = mappings[0];
  const built = singleOuPolicies.get(mapping);
  if (built?.stagePrefix === stagePrefix) {
    return built.policy;
  }
  const policy = buildPolicy(stagePrefix, mapping.arnSuffixes);
  singleOuPolicies.set(mapping, { stagePrefix, policy });
  return policy;
}

/** Whether the policy lets the request's method ARN through, judged as API Gateway would. */
export function policyAllows(policy: RoutePolicy, methodArn: string): boolean {
  return policy.resources.some((resource) => wildcardMatch(resource, methodArn));
}

function buildPolicy(stagePrefix: string, arnSuffixes: readonly string[]): RoutePolicy {
  const resources = Object.freeze(arnSuffixes.map((suffix) => `${stagePrefix}/${suffix}`));
  const document: PolicyDocument = Object.freeze({
    Version: VERSION,
    Statement: Object.freeze([Object.freeze({ Action: INVOKE, Effect: 'Allow' as const, Resource: resources })]),
  });
  return { document, resources };
}
