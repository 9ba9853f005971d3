import { AuthorizerContext, buildAuthorizerContext, ouLabel } from './authorizer-context';
import { checkClientCertificate } from './client-certificate';
import { CrlStore, RevocationListError } from './crl-store';
import { Decision, LogWriter, logDecision } from './decision-log';
import { DecisionReason } from './decision-reason';
import { objectField, stringField } from './event-fields';
import { IssuerTrust, trustsIssuer } from './issuer-trust';
import { MappingStore } from './mapping-store';
import { parseMethodArn } from './method-arn';
import { OuMapping } from './ou-mapping';
import { allowRoute, DENY_ALL, policyAllows, PolicyDocument } from './policy';
import { isMapped, resolvedRoute } from './resolved-route';
import { RevocationList } from './revocation-list';
import { TableLookupError } from './table-read';

/** What a REQUEST authorizer returns to API Gateway. */
export interface AuthorizerResponse {
  readonly principalId: string;
  readonly policyDocument: PolicyDocument;
  readonly context?: AuthorizerContext;
}

export type AuthorizerHandler = (event: unknown, lambdaContext?: unknown) => Promise<AuthorizerResponse>;

export interface AuthorizerDependencies {
  /** `undefined` when the function is misconfigured: every request is then refused. */
  readonly store: MappingStore | undefined;
  /** `undefined` when the function is misconfigured: every request is then refused. */
  readonly revocations: RevocationList | undefined;
  /** The CRLs the CAs publish; `undefined` when the function is misconfigured: every request is then refused. */
  readonly revocationLists: CrlStore | undefined;
  /**
   * Whether a certificate whose subject holds several mapped OUs gets the union of their routes;
   * when not, such a certificate is denied (an issuer that copies OUs from requests could
   * otherwise combine any OUs it likes in one certificate).
   */
  readonly allowSeveralMappedOus: boolean;
  /**
   * The issuers any mapped OU may come from unless its item names its own; `undefined` when the
   * configuration is unreadable: every request is then refused.
   */
  readonly trustedIssuers: IssuerTrust | undefined;
  readonly write: LogWriter;
  readonly now: () => number;
}

/** The error message API Gateway answers with 401 Unauthorized. */
export const UNAUTHORIZED = 'Unauthorized';
const DENIED_PRINCIPAL = 'denied';

/**
 * The certificate-OU authorizer. Fails closed in two ways:
 * - a definite "no" (no or bad certificate, unknown OU, bad mapping, malformed event) returns a
 *   Deny-everything policy, which API Gateway answers with 403 and may cache;
 * - "can't tell right now" (a mapping or revocation look-up failing, throttled or timing out, the
 *   issuer's CRL unavailable, unverifiable or stale, a misconfiguration, a bug) throws
 *   `Error('Unauthorized')`, which API Gateway answers with 401. No Deny policy is returned, so
 *   none can be cached: a passing DynamoDB hiccup doesn't lock a client out for the authorizer
 *   cache's TTL.
 * Either way one decision line is logged and nothing internal reaches the caller.
 */
export function createAuthorizer(dependencies: AuthorizerDependencies): AuthorizerHandler {
  return async (event, lambdaContext) => {
    const now = dependencies.now();
    const log: LogFields = {
      requestId: undefined, route: undefined, certificateSerial: undefined, subject: undefined, issuer: undefined, ou: undefined,
    };
    try {
      log.requestId = requestIdOf(event, lambdaContext);
      log.route = routeOf(event);
      return await decide(dependencies, event, now, log);
    } catch (error) {
      logDecision(dependencies.write, { ...log, decision: 'deny', ...failureReason(error) }, now);
      throw new Error(UNAUTHORIZED);
    }
  };
}

/** Decision log fields, filled in as the request is read. */
interface LogFields {
  requestId: string | undefined;
  route: string | undefined;
  certificateSerial: string | undefined;
  subject: string | undefined;
  issuer: string | undefined;
  ou: string | undefined;
}

class MisconfiguredError extends Error {}

function failureReason(error: unknown): Pick<Decision, 'reason' | 'cause'> {
  if (error instanceof TableLookupError) {
    return { reason: error.table === 'mapping' ? 'mapping-lookup-failed' : 'revocation-lookup-failed', cause: error.causeName };
  }
  if (error instanceof RevocationListError) {
    return { reason: 'revocation-list-unavailable', cause: error.causeName };
  }
  return { reason: error instanceof MisconfiguredError ? 'misconfigured' : 'internal-error' };
}

async function decide(dependencies: AuthorizerDependencies, event: unknown, now: number, log: LogFields): Promise<AuthorizerResponse> {
  const deny = (reason: DecisionReason, mismatch?: Decision['mismatch']): AuthorizerResponse => {
    logDecision(dependencies.write, { ...log, decision: 'deny', reason, mismatch }, now);
    return { principalId: DENIED_PRINCIPAL, policyDocument: DENY_ALL };
  };

  const methodArnText = stringField(event, 'methodArn');
  const methodArn = methodArnText === undefined ? undefined : parseMethodArn(methodArnText);
  const route = methodArn === undefined ? undefined : resolvedRoute(event, methodArn);
  const check = checkClientCertificate(event, now);
  const certificate = check.ok ? check.certificate : check.partial;
  log.certificateSerial = certificate.serialNumber;
  log.subject = certificate.subjectDn;
  log.issuer = certificate.issuerDn;
  if (!methodArn || !route) {
    return deny('malformed-event');
  }
  if (!check.ok) {
    return deny(check.reason, check.mismatch);
  }
  const ous = check.certificate.ous;
  log.ou = ous.length === 1 ? ous[0] : ous.join(',');
  if (!dependencies.store || !dependencies.revocations || !dependencies.revocationLists || !dependencies.trustedIssuers) {
    throw new MisconfiguredError();
  }

  // The look-ups answer without a promise when cached: the warm path awaits nothing. The CRLs are
  // keyed by the issuer read from the certificate itself.
  const lookupsOrPromise = dependencies.store.lookup(ous, now);
  const revokedOrPromise = dependencies.revocations.isRevoked({
    canonicalIssuer: check.certificate.parsed.canonicalIssuer,
    renderedIssuer: check.certificate.issuerDn,
    serialNumber: check.certificate.serialNumber,
  }, now);
  const listedOrPromise = dependencies.revocationLists.isRevoked(check.certificate.parsed.canonicalIssuer, check.certificate.serialNumber, now);
  const [lookups, revoked, listed] = lookupsOrPromise instanceof Promise || revokedOrPromise instanceof Promise || listedOrPromise instanceof Promise
    ? await Promise.all([lookupsOrPromise, revokedOrPromise, listedOrPromise])
    : [lookupsOrPromise, revokedOrPromise, listedOrPromise];
  if (revoked || listed) {
    return deny('certificate-revoked');
  }
  const mappings: OuMapping[] = [];
  for (const lookup of lookups) {
    if (lookup.kind === 'malformed') {
      return deny('malformed-mapping');
    }
    if (lookup.kind === 'mapped') {
      mappings.push(lookup.mapping);
    }
  }
  if (mappings.length === 0) {
    return deny('ou-not-mapped');
  }
  const trusted = (mapping: OuMapping) => trustsIssuer(mapping.issuers ?? dependencies.trustedIssuers!, check.certificate.parsed);
  if (!mappings.every(trusted)) {
    return deny('issuer-not-trusted');
  }
  if (mappings.length > 1 && !dependencies.allowSeveralMappedOus) {
    return deny('several-mapped-ous');
  }
  if (!mappings.some((mapping) => isMapped(mapping, route))) {
    return deny('route-not-mapped');
  }
  const context = buildAuthorizerContext(mappings, check.certificate.serialNumber);
  if (!context) {
    return deny('conflicting-mapping-context');
  }
  // The policy names this route only (see policy.ts for why a cached copy opens nothing else); it
  // must let this very request through, or API Gateway and this code disagree on the route.
  const policy = allowRoute(methodArn.stagePrefix, route);
  if (!policyAllows(policy, methodArn.arn)) {
    return deny('route-mismatch');
  }
  logDecision(dependencies.write, { ...log, ou: context.ou, decision: 'allow', reason: 'allowed' }, now);
  return { principalId: ouLabel(mappings), policyDocument: policy.document, context };
}

function requestIdOf(event: unknown, lambdaContext: unknown): string | undefined {
  return stringField(objectField(event, 'requestContext'), 'requestId') ?? stringField(lambdaContext, 'awsRequestId');
}

function routeOf(event: unknown): string | undefined {
  const method = stringField(event, 'httpMethod');
  const resource = stringField(event, 'resource');
  return method !== undefined && resource !== undefined ? `${method} ${resource}` : undefined;
}
