/*
 * The ApiAuthorization objects the library's factories made. ApiAuthorization's constructor is
 * protected so that its factories can return subclasses, which also lets code outside the library
 * subclass it: in TypeScript with a `_bind` of its own (methods of any authorization type, past
 * every check the modes make), in Python or Java without one (jsii carries no internal member, so
 * SecureApi would fail with a bare TypeError). SecureApi applies only these objects.
 */
const MADE_BY_FACTORIES = new WeakSet<object>();

/** Records an authorization as made by one of ApiAuthorization's factories. */
export function madeByFactory<T extends object>(authorization: T): T {
  MADE_BY_FACTORIES.add(authorization);
  return authorization;
}

/** Whether ApiAuthorization's factories made this authorization. */
export function isMadeByFactory(authorization: object): boolean {
  return MADE_BY_FACTORIES.has(authorization);
}
