import type { PolicyDocument } from '../../../src/secure-api/runtime/policy';

/**
 * An evaluator written apart from the code under test: IAM semantics for `execute-api:Invoke`
 * (explicit Deny wins, then any Allow, else implicit deny; `*` and `?` wildcards).
 */
export function policyAllowsRequest(policy: PolicyDocument, methodArn: string): boolean {
  const matching = policy.Statement.filter((statement) =>
    [statement.Action].flat().some((action) => action === 'execute-api:Invoke' || action === '*') &&
    [statement.Resource].flat().some((resource) => globToRegExp(resource).test(methodArn)));
  return !matching.some((s) => s.Effect === 'Deny') && matching.some((s) => s.Effect === 'Allow');
}

/** The method ARN patterns a policy allows. */
export function allowedResources(policy: PolicyDocument): string[] {
  return policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Resource].flat());
}

/**
 * Whether a request is covered by a mapped route, judged from the route template: `ANY` covers
 * every method, a `{param}` segment covers any text (API Gateway's `*` spans `/`, as documented
 * in mapping-format.ts).
 */
export function routeCovers(route: string, method: string, path: string): boolean {
  const [routeMethod, template] = route.split(' ');
  if (routeMethod !== 'ANY' && routeMethod !== method) {
    return false;
  }
  const pattern = template
    .split('/')
    .map((segment) => (/^\{.+\}$/.test(segment) ? '.*' : escapeRegExp(segment)))
    .join('/');
  return new RegExp(`^${pattern}$`, 's').test(path);
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegExp(c))).join('')}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
