import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { acknowledgeFinding } from '../../private/acknowledge';
import { InvalidPropError, requireProp } from '../../private/errors';
import { credentialSources, CREDENTIAL_SOURCES_HELP, isIdentitySource } from '../../private/identity-sources';
import { renderedProperties } from '../../private/rendered-properties';
import { API_GATEWAY_LIMITS, SECURE_API_DEFAULTS } from '../secure-api-defaults';

/*
 * API Gateway's authorizer cache: how long a REQUEST authorizer's decision is reused, and the key
 * it is reused under. The one home of these rules for the certificate-OU and Lambda modes.
 *
 * The certificate-OU authorizer's cache key. A REST REQUEST authorizer's identity sources may be
 * request headers, query strings, stage variables and `context` variables, and API Gateway keys
 * its decision cache on their values (AWS API Gateway developer guide, "Configure a Lambda
 * authorizer": supported parameter types `Header`, `Query String`, `Stage Variable`,
 * `Context`; the identity sources "are used to derive the authorization caching key"). The
 * variables used here are all listed among the `$context` variables "for data models,
 * authorizers, mapping templates, and CloudWatch access logging" (developer guide, "Variables for
 * data transformations"):
 * - `$context.identity.clientCert.issuerDN`, `.serialNumber` and `.subjectDN`: present on every
 *   request to a custom domain with mutual TLS. The issuer and serial number identify one
 *   certificate (X.509 makes the serial unique per issuer), the subject holds the OU the decision
 *   is about, so one caller's cached decision is never served to another. A header the client
 *   chose would not do: a client could send another client's value and be served that client's
 *   cached Allow without the authorizer running.
 * - `$context.identity.clientCert.clientCertPem`, "the PEM-encoded client certificate that the
 *   client presented during mutual TLS authentication" (same page), also present on every such
 *   request: the three fields above are text a second CA can copy exactly (a CA with the same DN
 *   mints a certificate with the genuine one's subject and serial), and an issuer pinned by key
 *   (`TrustedIssuer.fromCertificatePem`) must not let that copy be served the genuine certificate's
 *   cached Allow. The certificate's own bytes tell the two apart.
 * - `$context.httpMethod` and `$context.resourceId`: the method and the API Gateway resource the
 *   request resolved to, i.e. the route. With them in the key a cached decision is only ever served
 *   for the route it was made for, so the authorizer can decide on the route itself and return a
 *   policy for that route alone (see runtime/policy.ts).
 * Every source must be present and non-empty or API Gateway answers 401 without calling the
 * authorizer (API reference, `Authorizer.identitySource`), which on an mTLS domain they always are.
 * Should a deployment ever refuse one of them, `cacheTtlSeconds: 0` is the fallback: no decision
 * is cached, every request runs the authorizer, and the route-exact decision needs no cache key.
 */
/** The identity source that puts the certificate's own bytes in the cache key (see above). */
export const CERTIFICATE_PEM_IDENTITY_SOURCE = 'context.identity.clientCert.clientCertPem';

export const CERTIFICATE_IDENTITY_SOURCES = [
  'context.identity.clientCert.issuerDN',
  'context.identity.clientCert.serialNumber',
  'context.identity.clientCert.subjectDN',
  CERTIFICATE_PEM_IDENTITY_SOURCE,
  'context.httpMethod',
  'context.resourceId',
];

/** The identity sources that put the route in the cache key (see above). */
export const ROUTE_IDENTITY_SOURCES = ['context.httpMethod', 'context.resourceId'];

const CACHE_KEY_RULE = 'SecureServerless-ApiGwAuthorizerCacheKey';
const REASON_PROP = 'authorization.unsafeCacheKeyWithoutCredentialReason';

/** A cache TTL (API Gateway's authorizer cache, or one of the authorizer's own), or an error outside 0 to `max` seconds. */
export function validCacheTtl(scope: IConstruct, prop: string, seconds: number, max: number): number {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > max) {
    throw new InvalidPropError('SecureApi.CacheTtlOutOfRange', scope, prop, `${seconds} is outside 0 to ${max} seconds`,
      `give a whole number of seconds from 1 to ${max} to cache decisions, or 0 to disable caching`);
  }
  return seconds;
}

/** The seconds API Gateway caches a decision: the mode's `cacheTtlSeconds`, validated, or the default. */
export function authorizerCacheTtl(scope: IConstruct, cacheTtlSeconds: number | undefined): number {
  return validCacheTtl(scope, 'authorization.cacheTtlSeconds',
    cacheTtlSeconds ?? SECURE_API_DEFAULTS.authorizerCacheTtlSeconds, API_GATEWAY_LIMITS.maxAuthorizerCacheTtlSeconds);
}

/**
 * Validates identity sources against the cache TTL: with caching on, the cache key must carry a
 * caller's credential (`src/private/identity-sources.ts`), unless the owner gave a reason.
 */
export function validIdentitySources(scope: IConstruct, prop: string, sources: string[], ttl: number, weakeningReason?: string): string[] {
  for (const source of sources) {
    if (!isIdentitySource(source)) {
      throw new InvalidPropError('SecureApi.InvalidIdentitySource', scope, prop, `'${source}' is not a REQUEST authorizer identity source`,
        "use 'method.request.header.<name>', 'method.request.querystring.<name>', 'stageVariables.<name>' or 'context.<variable>'");
    }
  }
  if (ttl > 0 && sources.length === 0) {
    throw new InvalidPropError('SecureApi.CachingWithoutIdentitySources', scope, prop, 'caching is on but no identity sources are given, and API Gateway needs a cache key',
      `add ${CREDENTIAL_SOURCES_HELP}; or set cacheTtlSeconds to 0`);
  }
  const withoutCredential = ttl > 0 && credentialSources(sources).length === 0;
  if (weakeningReason !== undefined) {
    requireProp('SecureApi.EmptySharedCacheReason', weakeningReason.trim().length > 0, scope, REASON_PROP, 'the reason is empty',
      'say why one caller\'s cached decision may be served to every caller with the same key');
    requireProp('SecureApi.NeedlessSharedCacheReason', withoutCredential, scope, REASON_PROP, 'a reason is given, but the cache key already carries a credential or caching is off',
      'leave the prop out');
  } else if (withoutCredential) {
    throw new InvalidPropError('SecureApi.CachingWithoutCredential', scope, prop,
      `caching is on but no identity source carries a caller's credential (${sources.join(', ')}), so one caller's cached decision would be served to others`,
      `add ${CREDENTIAL_SOURCES_HELP}; or set cacheTtlSeconds to 0; or give unsafeCacheKeyWithoutCredentialReason`);
  }
  return sources;
}

/** The cache of a REQUEST authorizer: its key and how long a decision is reused. */
export interface AuthorizerCache {
  /** The identity sources, already validated. */
  readonly identitySources: string[];
  /** Seconds a decision is reused, already validated; 0 disables caching. */
  readonly ttlSeconds: number;
  /** Why the key carries no caller credential (`unsafeCacheKeyWithoutCredentialReason`), acknowledged on the authorizer. */
  readonly keyWithoutCredentialReason?: string;
}

/** The REQUEST authorizer `Authorizer` under `scope`, caching the handler's decisions as `cache` says. */
export function requestAuthorizer(scope: IConstruct, handler: lambda.IFunction, cache: AuthorizerCache): apigw.RequestAuthorizer {
  const authorizer = new apigw.RequestAuthorizer(scope, 'Authorizer', {
    handler,
    identitySources: cache.identitySources,
    resultsCacheTtl: Duration.seconds(cache.ttlSeconds),
  });
  if (cache.keyWithoutCredentialReason !== undefined) {
    acknowledgeFinding(authorizer, CACHE_KEY_RULE, `Cache key without a caller credential (unsafeCacheKeyWithoutCredentialReason): ${cache.keyWithoutCredentialReason}`);
  }
  return authorizer;
}

/** What the synthesized cache key holds: its sources, and whether a cached decision is served only for its route, only for its certificate. */
export interface RenderedCache {
  readonly sources: string[];
  readonly servedOnlyForItsRoute: boolean;
  readonly servedOnlyForItsCertificate: boolean;
}

/**
 * The authorizer's cache as synthesized, so escape-hatch property overrides count: its identity
 * sources, and whether a cached decision can only be served for the route it was made for (caching
 * is off, or the route is in the key), and for the certificate it was made for (caching is off, or
 * the certificate's PEM is in the key).
 */
export function renderedCache(authorizer: apigw.RequestAuthorizer): RenderedCache {
  const properties = renderedProperties(authorizer.node.defaultChild as apigw.CfnAuthorizer);
  const sources = String(properties.IdentitySource ?? '').split(',').map((source) => source.trim());
  const cachingOff = properties.AuthorizerResultTtlInSeconds === 0;
  return {
    sources,
    servedOnlyForItsRoute: cachingOff || ROUTE_IDENTITY_SOURCES.every((source) => sources.includes(source)),
    servedOnlyForItsCertificate: cachingOff || sources.includes(CERTIFICATE_PEM_IDENTITY_SOURCE),
  };
}
