/**
 * What the two example handlers share: the event SecureApi's mapping templates hand a function,
 * the answers they give, and the checks on what callers send.
 */

/** The event SecureApi's non-proxy integrations hand a function (see SecureApi's integration). */
export interface RouteEvent {
  readonly body?: unknown;
  readonly path?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly caller?: Record<string, string>;
  readonly requestId?: string;
}

export interface RouteResult {
  readonly statusCode: number;
  readonly body: unknown;
}

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isId(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength && ID_PATTERN.test(value);
}

export function reply(statusCode: number, body: unknown): RouteResult {
  return { statusCode, body };
}

export function problem(statusCode: number, message: string, requestId?: string): RouteResult {
  return reply(statusCode, { message, requestId });
}

/** The caller's organization, as the authorizer established it from the client certificate. */
export function callerOrgId(event: RouteEvent): string | undefined {
  const orgId = event.caller?.orgId;
  return isId(orgId, 64) ? orgId : undefined;
}

/** One structured log line per outcome, with no item contents. */
export function logOutcome(fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), ...fields }));
}
