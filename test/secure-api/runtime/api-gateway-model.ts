/**
 * A model of how API Gateway (REST) serves a request through a Lambda REQUEST authorizer, written
 * from AWS's documentation and not from the library's code:
 *
 * - Route resolution ("Set up a proxy integration with a proxy resource", "Set up a method"): a
 *   path segment matches a resource's literal part exactly, a `{param}` part matches one non-empty
 *   segment, a `{proxy+}` part (last only) matches one or more segments. Where several resources
 *   match, the more specific wins segment by segment: literal before `{param}` before `{proxy+}`.
 *   A method on the resource beats its `ANY` method. No match: 403 before any authorizer runs.
 *   AWS does not document how a trailing slash resolves; the model takes it to name the same
 *   resource, which is the harder case for the authorizer (the method ARN then ends in `/`).
 * - The authorizer cache ("Configure a Lambda authorizer"; API reference `Authorizer`): the values
 *   of the identity sources form the cache key; a missing or empty one is a 401 without calling
 *   the function; with a TTL above 0 the returned policy is cached under the key for the TTL and
 *   applied to later requests with the same key; an error (`Unauthorized`) is a 401 and not cached.
 * - Policy evaluation ("Output from an API Gateway Lambda authorizer", IAM "Policy evaluation
 *   logic"): the method ARN is `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}{path}`;
 *   an explicit Deny that matches wins, else a matching Allow allows, else it is denied; in a
 *   Resource, `*` matches any run of characters (including `/`) and `?` any one character.
 */
import { authorizerEvent, describedClientCert, STAGE_PREFIX } from './events';

export interface ModelRoute {
  readonly method: string;
  readonly resource: string;
}

export interface ClientCertificate {
  readonly subjectDN: string;
  readonly issuerDN: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly clientCertPem: string;
}

export interface ModelRequest {
  readonly method: string;
  readonly path: string;
  readonly certificate: ClientCertificate;
  /** Seconds since the start of the run. */
  readonly time: number;
}

export type Outcome =
  | { readonly status: 'not-found' }
  | { readonly status: 401 }
  | { readonly status: 403; readonly route: ModelRoute; readonly cached: boolean }
  | { readonly status: 200; readonly route: ModelRoute; readonly cached: boolean };

export interface AuthorizerSettings {
  readonly identitySources: readonly string[];
  readonly ttlSeconds: number;
}

export type AuthorizerFunction = (event: Record<string, unknown>) => Promise<{ policyDocument: PolicyDocument }>;

interface PolicyDocument {
  readonly Statement: ReadonlyArray<{ Effect: string; Action: string | string[]; Resource: string | string[] }>;
}

export class ApiGatewayModel {
  private readonly cache = new Map<string, { policy: PolicyDocument; expires: number }>();
  private readonly resourceIds = new Map<string, string>();

  constructor(
    private readonly routes: readonly ModelRoute[],
    private readonly settings: AuthorizerSettings,
    private readonly authorizer: AuthorizerFunction,
  ) {
    for (const route of routes) {
      if (!this.resourceIds.has(route.resource)) {
        this.resourceIds.set(route.resource, `r${this.resourceIds.size}x${route.resource.length}`);
      }
    }
  }

  async serve(request: ModelRequest): Promise<Outcome> {
    const route = this.resolve(request.method, request.path);
    if (!route) {
      return { status: 'not-found' };
    }
    const methodArn = `${STAGE_PREFIX}/${request.method}${request.path}`;
    const keyParts = this.settings.identitySources.map((source) => this.identityValue(source, request, route));
    if (keyParts.some((part) => part === undefined || part === '')) {
      return { status: 401 };
    }
    const key = JSON.stringify(keyParts);
    const hit = this.settings.ttlSeconds > 0 ? this.cache.get(key) : undefined;
    if (hit && hit.expires > request.time) {
      return { status: evaluate(hit.policy, methodArn) ? 200 : 403, route, cached: true };
    }
    let policy: PolicyDocument;
    try {
      ({ policyDocument: policy } = await this.authorizer(this.event(request, route)));
    } catch {
      return { status: 401 };
    }
    if (this.settings.ttlSeconds > 0) {
      this.cache.set(key, { policy, expires: request.time + this.settings.ttlSeconds });
    }
    return { status: evaluate(policy, methodArn) ? 200 : 403, route, cached: false };
  }

  /** The resolved route, or `undefined` when no resource and method match. */
  resolve(method: string, path: string): ModelRoute | undefined {
    if (!path.startsWith('/')) return undefined;
    // A trailing slash is taken to name the same resource (the stricter case for the authorizer:
    // the method ARN keeps the slash, and the request must still be let through).
    const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const segments = trimmed === '/' ? [] : trimmed.slice(1).split('/');
    if (segments.some((segment) => segment === '')) return undefined;
    const candidates = [...new Set(this.routes.map((route) => route.resource))]
      .map((resource) => ({ resource, rank: matchRank(resource, segments) }))
      .filter((candidate): candidate is { resource: string; rank: number[] } => candidate.rank !== undefined)
      .sort((a, b) => compareRanks(a.rank, b.rank));
    const best = candidates[0]?.resource;
    if (best === undefined) return undefined;
    return this.routes.find((route) => route.resource === best && route.method === method)
      ?? this.routes.find((route) => route.resource === best && route.method === 'ANY');
  }

  private identityValue(source: string, request: ModelRequest, route: ModelRoute): string | undefined {
    switch (source) {
      case 'context.identity.clientCert.subjectDN': return request.certificate.subjectDN;
      case 'context.identity.clientCert.issuerDN': return request.certificate.issuerDN;
      case 'context.identity.clientCert.serialNumber': return request.certificate.serialNumber;
      case 'context.identity.clientCert.clientCertPem': return request.certificate.clientCertPem;
      case 'context.httpMethod': return request.method;
      case 'context.resourceId': return this.resourceIds.get(route.resource);
      case 'context.resourcePath': return route.resource;
      default: throw new Error(`the model does not know the identity source ${source}: add it from the documentation`);
    }
  }

  /** The REQUEST authorizer input ("Input to an API Gateway Lambda authorizer"). */
  private event(request: ModelRequest, route: ModelRoute): Record<string, unknown> {
    return authorizerEvent({
      method: request.method,
      path: request.path,
      resource: route.resource,
      requestId: `request-${request.time}`,
      resourceId: this.resourceIds.get(route.resource),
      clientCert: describedClientCert(request.certificate),
    });
  }
}

/** Per segment 0 (literal), 1 (`{param}`) or 2 (`{greedy+}`); `undefined` when the resource does not match. */
function matchRank(resource: string, segments: readonly string[]): number[] | undefined {
  const parts = resource === '/' ? [] : resource.slice(1).split('/');
  const rank: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.startsWith('{') && part.endsWith('+}')) {
      return i < segments.length ? [...rank, 2] : undefined;
    }
    if (i >= segments.length) return undefined;
    if (part.startsWith('{')) {
      rank.push(1);
    } else if (part === segments[i]) {
      rank.push(0);
    } else {
      return undefined;
    }
  }
  return parts.length === segments.length ? rank : undefined;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return b.length - a.length;
}

function evaluate(policy: PolicyDocument, methodArn: string): boolean {
  const matching = policy.Statement.filter((statement) =>
    [statement.Action].flat().some((action) => action === 'execute-api:Invoke' || action === 'execute-api:*' || action === '*') &&
    [statement.Resource].flat().some((resource) => globMatches(resource, methodArn)));
  return !matching.some((statement) => statement.Effect === 'Deny') && matching.some((statement) => statement.Effect === 'Allow');
}

function globMatches(glob: string, text: string): boolean {
  const source = glob.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's').test(text);
}
