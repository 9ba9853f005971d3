import { RouteKey } from './authorization/bound-authorization';
import { arnPathPattern, isPathParameterSegment } from './mapping-format';

/**
 * Which other routes of an API a method-ARN pattern of one route can let through.
 *
 * An Allow on `<stage>/GET/findings/*` (the pattern of `GET /findings/{orgId}`) is judged by IAM's
 * wildcard matching, where `*` matches any run of characters, `/` included (IAM User Guide,
 * "IAM JSON policy elements: Resource": wildcards "can match across segments"). So it also lets
 * through `GET /findings/export` and `GET /findings/{orgId}/notes` when the API has those routes.
 * A request is resolved by API Gateway before any policy is evaluated: a literal segment wins over
 * `{param}`, which wins over `{proxy+}`, and a method beats `ANY` on the same resource (API Gateway
 * developer guide, "Set up a proxy integration with a proxy resource" and "Set up a method"). This
 * walks the API's resource tree the way API Gateway resolves a request and follows the pattern
 * character by character alongside, and returns each other route some request resolving to it
 * would match the pattern on. It errs on the side of reporting: a `{param}` stands for any segment
 * text, even one equal to a literal sibling.
 */
export function routesReachedBy(route: RouteKey, table: readonly RouteKey[]): RouteKey[] {
  const pattern = arnPathPattern(route.path);
  if (!pattern.includes('*')) {
    return []; // only the route's own path matches, and API Gateway resolves that to the route itself
  }
  const reached = new Map<string, RouteKey>();
  const reach = (other: RouteKey | undefined, states: States): void => {
    if (other && accepts(pattern, states) && !(other.method === route.method && other.path === route.path)) {
      reached.set(`${other.method} ${other.path}`, other);
    }
  };
  const visit = (node: ResourceNode, states: States, atRoot: boolean): void => {
    reach(node.methodFor(route.method), atRoot ? step(pattern, states, '/') : states);
    for (const [segment, child] of node.literals) {
      const next = feed(pattern, states, `/${segment}`);
      if (next.size > 0) visit(child, next, false);
    }
    if (node.parameter) {
      const next = anyText(pattern, step(pattern, states, '/'), false, node.literals);
      if (next.size > 0) visit(node.parameter, next, false);
    }
    if (node.greedy) {
      reach(node.greedy.methodFor(route.method), anyText(pattern, step(pattern, states, '/'), true, new Map()));
    }
  };
  visit(ResourceNode.tree(table), closure(pattern, new Set([0])), true);
  return [...reached.values()];
}

/** A resource of the API and the routes (methods) on it. */
class ResourceNode {
  static tree(table: readonly RouteKey[]): ResourceNode {
    const root = new ResourceNode();
    for (const route of table) {
      let node = root;
      for (const segment of route.path === '/' ? [] : route.path.slice(1).split('/')) {
        node = node.child(segment);
      }
      node.routes.set(route.method, route);
    }
    return root;
  }

  readonly literals = new Map<string, ResourceNode>();
  parameter?: ResourceNode;
  greedy?: ResourceNode;
  private readonly routes = new Map<string, RouteKey>();

  /** The route a request with this method resolves to on this resource: the method's own, else `ANY`. */
  methodFor(method: string): RouteKey | undefined {
    return this.routes.get(method) ?? this.routes.get('ANY');
  }

  private child(segment: string): ResourceNode {
    if (/^\{.+\+\}$/.test(segment)) {
      return (this.greedy ??= new ResourceNode());
    }
    if (isPathParameterSegment(segment)) {
      return (this.parameter ??= new ResourceNode());
    }
    let node = this.literals.get(segment);
    if (!node) {
      node = new ResourceNode();
      this.literals.set(segment, node);
    }
    return node;
  }
}

/** Positions in the pattern still alive after the text read so far (a nondeterministic matcher). */
type States = Set<number>;

function closure(pattern: string, states: States): States {
  const result = new Set(states);
  for (const state of states) {
    for (let i = state; i < pattern.length && pattern[i] === '*'; i++) {
      result.add(i + 1);
    }
  }
  return result;
}

function step(pattern: string, states: States, char: string): States {
  const next = new Set<number>();
  for (const state of states) {
    if (state < pattern.length && (pattern[state] === '*' || pattern[state] === char)) {
      next.add(pattern[state] === '*' ? state : state + 1);
    }
  }
  return closure(pattern, next);
}

function feed(pattern: string, states: States, text: string): States {
  let current = states;
  for (const char of text) {
    current = step(pattern, current, char);
    if (current.size === 0) break;
  }
  return current;
}

/**
 * The states after some non-empty text: any characters but `/` for a `{param}` segment, any at
 * all for a `{proxy+}` tail. A text can be chosen to take any transition, so this is the set
 * reachable by one or more transitions on such characters, except where the pattern forces the
 * text (no `*` on the way) to a literal sibling's name: API Gateway routes that text to the sibling.
 */
function anyText(pattern: string, states: States, slashes: boolean, literalSiblings: ReadonlyMap<string, unknown>): States {
  const reachable = new Set<number>();
  const seen = new Set<string>();
  // Each item: a pattern position and the text forced so far (`undefined` once a `*` was used).
  let frontier: Array<[number, string | undefined]> = [...states].map((state) => [state, '']);
  while (frontier.length > 0) {
    const next: Array<[number, string | undefined]> = [];
    for (const [state, forced] of frontier) {
      if (state >= pattern.length || (pattern[state] === '/' && !slashes)) continue;
      const isStar = pattern[state] === '*';
      const text = isStar || forced === undefined ? undefined : forced + pattern[state];
      for (const target of closure(pattern, new Set([isStar ? state : state + 1]))) {
        const key = `${target}:${text ?? '*'}`;
        if (!seen.has(key)) {
          seen.add(key);
          next.push([target, text]);
          if (text === undefined || !literalSiblings.has(text)) {
            reachable.add(target);
          }
        }
      }
    }
    frontier = next;
  }
  return reachable;
}

function accepts(pattern: string, states: States): boolean {
  return states.has(pattern.length);
}
