import { RouteKey } from '../../src/secure-api/authorization/bound-authorization';
import { routesReachedBy } from '../../src/secure-api/route-reach';

/**
 * Which routes an IAM pattern for one route lets through, with expectations worked out by hand
 * from two documented facts: IAM's `*` matches any characters, `/` included, and API Gateway
 * resolves a request to a literal segment before a `{param}` before a `{proxy+}`.
 */
const table = (...routes: string[]): RouteKey[] => routes.map((route) => {
  const [method, path] = route.split(' ');
  return { method, path };
});
const reached = (route: string, routes: RouteKey[]) => {
  const [method, path] = route.split(' ');
  return routesReachedBy({ method, path }, routes).map((r) => `${r.method} ${r.path}`).sort();
};

test.each([
  // '/findings/*' matches '/findings/export' (resolves to the literal) and '/findings/1/notes'.
  ['GET /findings/{orgId}', ['GET /findings/{orgId}', 'GET /findings/export', 'GET /findings/{orgId}/notes'],
    ['GET /findings/export', 'GET /findings/{orgId}/notes']],
  // A pattern without '*' matches only its own path, which resolves to itself.
  ['GET /findings/export', ['GET /findings/{orgId}', 'GET /findings/export'], []],
  // Another method is another ARN.
  ['GET /findings/{orgId}', ['GET /findings/{orgId}', 'DELETE /findings/export', 'POST /findings/{orgId}/notes'], []],
  // '/a/*' needs '/a/' first: '/a' and '/ab' are out of reach.
  ['GET /a/{x}', ['GET /a/{x}', 'GET /a', 'GET /ab', 'GET /ab/{y}'], []],
  // '/*' matches '/' (the '*' may be empty): the root's ARN ends in 'GET/'.
  ['GET /{x}', ['GET /{x}', 'GET /'], ['GET /']],
  // '/a/b' is resolved at '/a' (a literal beats the root's '{y}'), so '/{y}/b' never sees it.
  ['GET /a/{x}', ['GET /a/{x}', 'GET /{y}/b'], []],
  // '/*/b' matches '/findings/b', which resolves to '/findings/{orgId}'.
  ['GET /{y}/b', ['GET /{y}/b', 'GET /findings/{orgId}'], ['GET /findings/{orgId}']],
  // A greedy route reaches every route of its method below it.
  ['GET /files/{path+}', ['GET /files/{path+}', 'GET /files/{id}/meta', 'GET /files'], ['GET /files/{id}/meta']],
  // A parameter route reaches a greedy sibling's requests with one segment only through the literal text: here any.
  ['GET /files/{id}', ['GET /files/{id}', 'GET /files/{path+}'], ['GET /files/{path+}']],
  // An ANY method answers every method without its own: it is reached by a GET pattern.
  ['GET /things/{id}', ['GET /things/{id}', 'ANY /things/{id}/more', 'GET /things/x'], ['ANY /things/{id}/more', 'GET /things/x']],
  // ...but not where the resource has its own GET.
  ['GET /things/{id}', ['GET /things/{id}', 'ANY /things/x', 'GET /things/x'], ['GET /things/x']],
])('%s in %j reaches %j', (route, routes, expected) => {
  expect(reached(route, table(...routes))).toEqual(expected);
});
