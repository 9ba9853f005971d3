/*
 * Which identity sources of a REST API REQUEST Lambda authorizer carry a caller's credential:
 * the one home of that decision, used by `ApiAuthorization.lambdaAuthorizer` (at synthesis) and
 * by the rule pack's `ApiGwAuthorizerCacheKey` (over any app).
 *
 * What AWS documents:
 * - "Configure an API Gateway Lambda authorizer": a REQUEST authorizer's identity source type is
 *   `Header`, `Query string`, `Stage variable` or `Context`; with authorization caching on, the
 *   identity sources are the cache key, and a request missing one is refused with 401.
 * - AWS::ApiGateway::Authorizer `IdentitySource`: "a comma-separated string of one or more mapping
 *   expressions of the specified request parameters", e.g. `method.request.header.Auth,
 *   method.request.querystring.Name`; "These parameters will be used to derive the authorization
 *   caching key".
 * - "Variables for data transformations for API Gateway" ($context variables, case-sensitive):
 *   `$context.identity.sourceIp` is "the source IP address of the immediate TCP connection making
 *   the request" (one address for every client behind a NAT or proxy); `$context.identity.userAgent`
 *   is "the User-Agent header of the API caller" (the same for every client of one SDK);
 *   `$context.identity.clientCert.issuerDN` is the distinguished name of the certificate's issuer
 *   (the same for every certificate one CA signs); `$context.identity.clientCert.serialNumber` is
 *   the certificate's serial number; `$context.identity.caller`, `user`, `userArn`, `accountId`...
 *   are set only for IAM (SigV4) authorization, so they are empty under a Lambda authorizer.
 * - RFC 5280 section 4.1.2.2: the serial number is "unique for each certificate issued by a given
 *   CA", so a serial identifies a certificate only together with its issuer (a truststore may hold
 *   several CAs).
 *
 * So a cache key identifies the caller only when it holds a header or query string (the token the
 * authorizer checks: a caller presenting the same value presents the same credential) or the client
 * certificate's serial number together with its issuer. Every other source, alone, is shared by
 * many callers, and one caller's cached Allow would be served to the next.
 */

const HEADER = /^method\.request\.header\.[^.\s,]+$/;
const QUERY_STRING = /^method\.request\.querystring\.[^.\s,]+$/;
const STAGE_VARIABLE = /^stageVariables\.[^.\s,]+$/;
const CONTEXT = /^context\.[^\s,]+$/;
const CERTIFICATE_SERIAL = 'context.identity.clientCert.serialNumber';
const CERTIFICATE_ISSUER = 'context.identity.clientCert.issuerDN';

/** Whether the expression is a REQUEST authorizer identity source (header, query string, stage variable or context). */
export function isIdentitySource(source: string): boolean {
  return [HEADER, QUERY_STRING, STAGE_VARIABLE, CONTEXT].some((pattern) => pattern.test(source));
}

/**
 * The sources that make a cache key carry a caller's credential: every header and query string,
 * and the certificate's serial number with its issuer when both are present. Empty when the key
 * identifies no caller.
 */
export function credentialSources(sources: string[]): string[] {
  const credentials = sources.filter((source) => HEADER.test(source) || QUERY_STRING.test(source));
  if (sources.includes(CERTIFICATE_SERIAL) && sources.includes(CERTIFICATE_ISSUER)) {
    credentials.push(CERTIFICATE_SERIAL, CERTIFICATE_ISSUER);
  }
  return credentials;
}

/** The identity sources of a CloudFormation `IdentitySource` value (comma-separated). */
export function splitIdentitySource(value: string): string[] {
  return value.split(',').map((source) => source.trim()).filter((source) => source.length > 0);
}

/** What a cache key must hold, for error messages and findings. */
export const CREDENTIAL_SOURCES_HELP =
  "a header ('method.request.header.Authorization'), a query string ('method.request.querystring.token'), " +
  `or the client certificate's serial number with its issuer ('${CERTIFICATE_SERIAL}' and '${CERTIFICATE_ISSUER}')`;
