import * as path from 'node:path';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import {
  authorizerCacheTtl, CERTIFICATE_IDENTITY_SOURCES, CERTIFICATE_PEM_IDENTITY_SOURCE, renderedCache, requestAuthorizer, ROUTE_IDENTITY_SOURCES,
  validCacheTtl,
} from './authorizer-cache';
import { AuthorizationBindOptions, BoundAuthorization, MethodAuthorization, RouteKey } from './bound-authorization';
import { MappingSeed } from './mapping-seed';
import { bindRevocationLists } from './revocation-lists';
import { EncryptedTable } from '../../encrypted-table';
import { Failure, InvalidPropError, requireProp } from '../../private/errors';
import { requireEnvironmentFits } from '../../private/lambda-environment';
import { ScopedFunction } from '../../scoped-function';
import { CertificateOuAuthorizationOptions, OuRouteMapping } from '../api-authorization-options';
import {
  ALLOW_SEVERAL_MAPPED_OUS_ENV,
  DEFAULT_MAPPING_CACHE_TTL_SECONDS,
  formatRoute,
  issuerItemElement,
  IssuerEntry,
  MAPPING_CACHE_TTL_SECONDS_ENV,
  MAPPING_ISSUERS_ATTRIBUTE,
  MAPPING_ORG_ID_ATTRIBUTE,
  MAPPING_PARTITION_KEY,
  MAPPING_ROUTES_ATTRIBUTE,
  MAPPING_TABLE_NAME_ENV,
  MAX_MAPPING_CACHE_TTL_SECONDS,
  MAX_ROUTES_PER_OU,
  MAX_OU_LENGTH,
  MAX_TRUSTED_ISSUERS,
  isOuValue,
  parseRoute,
  TRUSTED_ISSUERS_ENV,
} from '../mapping-format';
import {
  DEFAULT_REVOCATION_CACHE_TTL_SECONDS,
  MAX_REVOCATION_CACHE_TTL_SECONDS,
  REVOCATION_CACHE_TTL_SECONDS_ENV,
  REVOCATION_PARTITION_KEY,
  REVOCATION_TABLE_NAME_ENV,
} from '../revocation-format';
import { routesReachedBy } from '../route-reach';
import { TrustedIssuer } from '../trusted-issuer';

/** The authorizer bundle built from `authorizer.lambda.ts` by projen's esbuild step. */
const AUTHORIZER_ASSET = path.join(__dirname, '..', '..', '..', 'assets', 'secure-api', 'authorizer.lambda');

/**
 * Mutual TLS client certificates, and the certificate-OU REQUEST authorizer that allows the routes
 * the certificate's OU is mapped to: its OU mapping and revocation tables and its function.
 */
export class CertificateOuMode extends Construct implements BoundAuthorization {
  public readonly caller = {
    ou: '$context.authorizer.ou',
    orgId: '$context.authorizer.orgId',
    certificateSerial: '$context.authorizer.certificateSerial',
    principalId: '$context.authorizer.principalId',
  };
  public readonly methodAuthorization: MethodAuthorization;
  public readonly withoutCognitoReason = 'Callers authenticate with mutual TLS client certificates and are authorized by the ' +
    'certificate-OU Lambda authorizer against the OU mapping table; machine clients with certificates have no Cognito identity.';
  public readonly mappingTable: EncryptedTable;
  public readonly revocationTable: EncryptedTable;
  public readonly authorizerFunction: ScopedFunction;
  public readonly mappingItems: Record<string, unknown>[];
  public readonly mappingWriterFunction?: ScopedFunction;
  public readonly dataEventTargets: IConstruct[];
  /**
   * The longest a mapping removed from the table can still be honoured: API Gateway may serve an
   * Allow cached just before the removal for its whole TTL, and the authorizer may have read the
   * item just before too and keep it for its own mapping cache TTL.
   */
  public readonly maxMappingStalenessSeconds: number;
  /**
   * The longest a certificate put on the revocation table can still be let through: API Gateway's
   * cache TTL plus the authorizer's revocation cache TTL.
   */
  public readonly maxRevocationDelaySeconds: number;
  /**
   * The longest a certificate added to a CA's published CRL can still be let through: API
   * Gateway's cache TTL plus the authorizer's CRL refresh interval; `undefined` without CRLs.
   */
  public readonly maxCrlRevocationDelaySeconds?: number;
  private readonly mappings: OuRouteMapping[];
  private readonly authorizer: apigw.RequestAuthorizer;
  /** Whether an issuer is pinned by key, API-wide or on a mapping: the cache key must then hold the certificate. */
  private readonly pinsIssuerKeys: boolean;

  constructor(scope: Construct, id: string, bind: AuthorizationBindOptions, options: CertificateOuAuthorizationOptions) {
    if (!bind.mutualTls) {
      throw new InvalidPropError('SecureApi.CertificateOuWithoutMutualTls', scope, 'authorization',
        'certificate-OU authorization needs a custom domain with mutual TLS, which provides the client certificate',
        'pass domain with domainName, certificate and truststorePem (or an imported truststoreBucket and truststoreKey)');
    }
    super(scope, id);
    const keys = bind.keys;
    const ttl = authorizerCacheTtl(scope, options.cacheTtlSeconds);
    this.mappings = validMappings(scope, options.mappings);
    const trustedIssuers = issuerEntries(scope, 'authorization.trustedIssuers', options.trustedIssuers);
    requireIssuers(scope, trustedIssuers, this.mappings);
    const mappingIssuers = this.mappings.map((mapping) => issuerEntries(scope, `authorization.mappings (OU '${mapping.ou}') issuers`, mapping.issuers));
    this.mappingItems = this.mappings.map((mapping, index) => mappingItem(mapping, mappingIssuers[index]));
    this.pinsIssuerKeys = [trustedIssuers, ...mappingIssuers].some((entries) => entries?.some((entry) => typeof entry !== 'string'));

    this.mappingTable = options.mappingTable ?? new EncryptedTable(this, 'OuMapping', {
      partitionKey: { name: MAPPING_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      keys,
    });
    this.revocationTable = options.revocationTable ?? new EncryptedTable(this, 'Revocations', {
      partitionKey: { name: REVOCATION_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      keys,
    });
    const environment: Record<string, string> = {
      [MAPPING_TABLE_NAME_ENV]: this.mappingTable.tableName,
      [REVOCATION_TABLE_NAME_ENV]: this.revocationTable.tableName,
    };
    if (trustedIssuers) {
      environment[TRUSTED_ISSUERS_ENV] = JSON.stringify(trustedIssuers);
    }
    const revocationCacheTtl = runtimeCacheTtl(scope, environment, 'revocationCacheTtlSeconds', options.revocationCacheTtlSeconds,
      { env: REVOCATION_CACHE_TTL_SECONDS_ENV, default: DEFAULT_REVOCATION_CACHE_TTL_SECONDS, max: MAX_REVOCATION_CACHE_TTL_SECONDS });
    const mappingCacheTtl = runtimeCacheTtl(scope, environment, 'mappingCacheTtlSeconds', options.mappingCacheTtlSeconds,
      { env: MAPPING_CACHE_TTL_SECONDS_ENV, default: DEFAULT_MAPPING_CACHE_TTL_SECONDS, max: MAX_MAPPING_CACHE_TTL_SECONDS });
    this.maxRevocationDelaySeconds = ttl + revocationCacheTtl;
    const revocationLists = bindRevocationLists(scope, environment, options.certificateRevocationLists, options.revocationListRefreshSeconds);
    this.maxCrlRevocationDelaySeconds = revocationLists === undefined ? undefined : ttl + revocationLists.refreshSeconds;
    this.maxMappingStalenessSeconds = ttl + mappingCacheTtl;
    if (options.unsafeAllowSeveralMappedOusReason !== undefined) {
      requireProp('SecureApi.EmptySeveralOusReason', options.unsafeAllowSeveralMappedOusReason.trim().length > 0, scope, 'authorization.unsafeAllowSeveralMappedOusReason',
        'the reason is empty', 'say why one certificate may combine the routes of several OUs, or leave the prop out');
      environment[ALLOW_SEVERAL_MAPPED_OUS_ENV] = 'true';
    }
    requireEnvironmentFits('SecureApi.AuthorizerEnvironmentTooLarge', scope, 'authorization.trustedIssuers', environment,
      'pin fewer CAs in trustedIssuers, or name them on the mappings (issuers), whose items have no such limit');
    this.authorizerFunction = new ScopedFunction(this, 'AuthorizerFunction', {
      code: lambda.Code.fromAsset(AUTHORIZER_ASSET),
      handler: 'index.handler',
      keys,
      environment,
      description: `Certificate-OU authorizer of ${scope.node.path}`,
    });
    this.mappingTable.grantActions(this.authorizerFunction, 'dynamodb:GetItem');
    this.revocationTable.grantActions(this.authorizerFunction, 'dynamodb:GetItem');
    revocationLists?.grantRead(this.authorizerFunction);

    if (this.mappings.length > 0) {
      this.mappingWriterFunction = new MappingSeed(this, 'MappingSeed', this.mappingTable, keys, this.mappingItems, scope.node.path).writer;
    }
    this.dataEventTargets = [this.authorizerFunction, ...this.mappingWriterFunction ? [this.mappingWriterFunction] : [],
      this.mappingTable, this.revocationTable];

    this.authorizer = requestAuthorizer(this, this.authorizerFunction.function, { identitySources: CERTIFICATE_IDENTITY_SOURCES, ttlSeconds: ttl });
    this.methodAuthorization = { authorizationType: apigw.AuthorizationType.CUSTOM, authorizer: this.authorizer };
  }

  public validate(routes: RouteKey[]): Failure[] {
    const known = new Set(routes.map((route) => `${route.method} ${route.path}`));
    const unknownRoutes = this.mappings.flatMap((mapping) => mapping.routes
      .filter((route) => !known.has(route))
      .map((route): Failure => ({
        code: 'SecureApi.MappedRouteNotAdded',
        scope: this.node.scope!,
        prop: 'authorization.mappings',
        problem: `OU '${mapping.ou}' is mapped to '${route}', which is not a route of this API`,
        fix: `add the route with addRoute, or correct the mapping (routes: ${[...known].join(', ') || 'none'})`,
      })));
    return [...unknownRoutes, ...this.cachedDecisionsReachingUnmappedRoutes(routes), ...this.cachedDecisionsServedToCopies()];
  }

  /**
   * With an issuer pinned by key, the certificate's own bytes are in the cache key, or a same-DN
   * CA's copy of a genuine certificate (same issuerDN, serialNumber and subjectDN) would be served
   * the genuine one's cached Allow (authorizer-cache.ts). An escape hatch that takes them out while
   * caching is on is an error.
   */
  private cachedDecisionsServedToCopies(): Failure[] {
    const { sources, servedOnlyForItsCertificate } = renderedCache(this.authorizer);
    return !this.pinsIssuerKeys || servedOnlyForItsCertificate ? [] : [{
      code: 'SecureApi.CacheKeyWithoutCertificate',
      scope: this.node.scope!,
      prop: 'authorization',
      problem: `an issuer is pinned by its key, but the authorizer's identity sources (${sources.join(', ')}) leave out ` +
        `${CERTIFICATE_PEM_IDENTITY_SOURCE}, so a decision cached for a certificate would be served to a copy of it signed by another CA with the same DN`,
      fix: `keep ${CERTIFICATE_PEM_IDENTITY_SOURCE}, or set cacheTtlSeconds to 0`,
    }];
  }

  /**
   * The authorizer's policy allows only the route it decided on, and the route is in the cache key,
   * so a cached decision is never served for another route. Should an escape hatch take the route
   * out of the key (`addPropertyOverride('IdentitySource', ...)`) while caching is on, a cached
   * Allow would be evaluated against every route of the API: each (OU, mapped route, unmapped
   * route it would then open) is an error.
   */
  private cachedDecisionsReachingUnmappedRoutes(routes: RouteKey[]): Failure[] {
    const { sources, servedOnlyForItsRoute } = renderedCache(this.authorizer);
    if (servedOnlyForItsRoute) {
      return [];
    }
    const errors = this.mappings.flatMap((mapping) => mapping.routes.flatMap((mapped) => {
      const route = parseRoute(mapped)!;
      return routesReachedBy(route, routes)
        .filter((other) => !mapping.routes.includes(formatRoute(other)))
        .map((other): Failure => ({
          code: 'SecureApi.CachedDecisionOpensUnmappedRoute',
          scope: this.node.scope!,
          prop: 'authorization',
          problem: `a decision cached for OU '${mapping.ou}' on '${mapped}' would also open '${formatRoute(other)}', which the OU is ` +
            `not mapped to, because the authorizer's identity sources (${sources.join(', ')}) leave out ${ROUTE_IDENTITY_SOURCES.join(' and ')}`,
          fix: 'keep those identity sources, or set cacheTtlSeconds to 0',
        }));
    }));
    return errors.length > 0 ? errors : [{
      code: 'SecureApi.CacheKeyWithoutRoute',
      scope: this.node.scope!,
      prop: 'authorization',
      problem: `the authorizer's identity sources (${sources.join(', ')}) leave out ${ROUTE_IDENTITY_SOURCES.join(' and ')}, ` +
        'so a decision cached for one route would be served for every other route of the caller',
      fix: 'keep those identity sources, or set cacheTtlSeconds to 0',
    }];
  }
}

/**
 * One of the authorizer's own cache TTLs: validated and passed in its environment variable when
 * given, else the runtime's default (which the construct needs to state the longest delays).
 */
function runtimeCacheTtl(scope: Construct, environment: Record<string, string>, prop: string, given: number | undefined,
  setting: { env: string; default: number; max: number }): number {
  if (given === undefined) {
    return setting.default;
  }
  environment[setting.env] = String(validCacheTtl(scope, `authorization.${prop}`, given, setting.max));
  return given;
}

function validMappings(scope: Construct, mappings: OuRouteMapping[] | undefined): OuRouteMapping[] {
  if (mappings === undefined) {
    return [];
  }
  if (mappings.length === 0) {
    throw new InvalidPropError('SecureApi.EmptyOuMapping', scope, 'authorization.mappings', 'the OU mapping is empty',
      'map at least one OU to its routes, or leave mappings out and write the table items yourself');
  }
  const seen = new Set<string>();
  for (const mapping of mappings) {
    if (!mapping.ou.trim() || seen.has(mapping.ou)) {
      throw new InvalidPropError('SecureApi.OuEmptyOrMappedTwice', scope, 'authorization.mappings', `OU '${mapping.ou}' is empty or mapped twice`,
        'map each OU once, by its exact value in the certificate subject');
    }
    seen.add(mapping.ou);
    requireProp('SecureApi.InvalidOu', isOuValue(mapping.ou), scope, 'authorization.mappings', `OU '${mapping.ou}' can't be in a certificate`,
      `write the OU as it appears in the certificate: 1 to ${MAX_OU_LENGTH} characters (RFC 5280), no control characters`);
    if (mapping.routes.length === 0 || mapping.routes.length > MAX_ROUTES_PER_OU) {
      throw new InvalidPropError('SecureApi.OuRouteCountOutOfRange', scope, 'authorization.mappings', `OU '${mapping.ou}' is mapped to ${mapping.routes.length} routes`,
        `map it to 1 to ${MAX_ROUTES_PER_OU} routes, or leave the OU out to deny it`);
    }
    for (const route of mapping.routes) {
      if (!parseRoute(route)) {
        throw new InvalidPropError('SecureApi.InvalidMappedRoute', scope, 'authorization.mappings', `'${route}' (OU '${mapping.ou}') is not a route`,
          "write each route as 'METHOD /path', e.g. 'GET /findings/{orgId}'");
      }
    }
  }
  return mappings;
}

/** The issuers as the authorizer reads them (see mapping-format.ts), or an error naming the first it can't. */
function issuerEntries(scope: Construct, prop: string, issuers: TrustedIssuer[] | undefined): IssuerEntry[] | undefined {
  if (issuers === undefined) {
    return undefined;
  }
  requireProp('SecureApi.TrustedIssuerCountOutOfRange', issuers.length > 0 && issuers.length <= MAX_TRUSTED_ISSUERS, scope, prop,
    `${issuers.length} issuers are given`, `name 1 to ${MAX_TRUSTED_ISSUERS} issuers, e.g. TrustedIssuer.fromCertificatePem(caPem)`);
  return issuers.map((issuer) => issuer._entry(scope, prop));
}

/** Each OU must trust some issuer: the API's trusted issuers, or its own. */
function requireIssuers(scope: Construct, trustedIssuers: IssuerEntry[] | undefined, mappings: OuRouteMapping[]): void {
  if (trustedIssuers) {
    return;
  }
  const untrusted = mappings.filter((mapping) => mapping.issuers === undefined).map((mapping) => `'${mapping.ou}'`);
  requireProp('SecureApi.MappingWithoutIssuer', mappings.length > 0 && untrusted.length === 0, scope, 'authorization.trustedIssuers',
    mappings.length === 0 ? 'no issuer is trusted, so every certificate would be denied'
      : `no issuer is trusted for the OU${untrusted.length > 1 ? 's' : ''} ${untrusted.join(', ')}, so any CA in the truststore could issue ${untrusted.length > 1 ? 'them' : 'it'}`,
    'name your CA: trustedIssuers: [TrustedIssuer.fromCertificatePem(caPem)] (the CA certificate that issues your client ' +
    "certificates), or TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US') (its DN, as in the " +
    "authorizer's decision log), or issuers on each mapping");
}

/** One OU's mapping as a DynamoDB item in DynamoDB JSON (the format of mapping-format.ts). */
export function mappingItem(mapping: OuRouteMapping, issuers: IssuerEntry[] | undefined): Record<string, unknown> {
  const item: Record<string, unknown> = {
    [MAPPING_PARTITION_KEY]: { S: mapping.ou },
    [MAPPING_ROUTES_ATTRIBUTE]: { L: mapping.routes.map((route) => ({ S: route })) },
  };
  if (mapping.orgId !== undefined) {
    item[MAPPING_ORG_ID_ATTRIBUTE] = { S: mapping.orgId };
  }
  if (issuers !== undefined) {
    item[MAPPING_ISSUERS_ATTRIBUTE] = { L: issuers.map(issuerItemElement) };
  }
  return item;
}
