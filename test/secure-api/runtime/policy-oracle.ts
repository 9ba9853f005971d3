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

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegExp(c))).join('')}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
