import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BoundAuthorization, MethodAuthorization, RouteKey } from './bound-authorization';
import { MappingSeed } from './mapping-seed';
import { EncryptedTable } from '../../encrypted-table';
import { IKeyPerUsePolicy } from '../../key-per-use-policy';
import { acknowledgeFinding } from '../../private/acknowledge';
import { InvalidPropError } from '../../private/errors';
import { ScopedFunction } from '../../scoped-function';
import { CertificateOuAuthorizationOptions, OuRouteMapping } from '../api-authorization';
import {
  MAPPING_CACHE_TTL_SECONDS_ENV,
  MAPPING_ORG_ID_ATTRIBUTE,
  MAPPING_PARTITION_KEY,
  MAPPING_ROUTES_ATTRIBUTE,
  MAPPING_TABLE_NAME_ENV,
  MAX_MAPPING_CACHE_TTL_SECONDS,
  MAX_ROUTES_PER_OU,
  parseRoute,
} from '../mapping-format';
import { validCacheTtl } from '../route-validation';
import { API_GATEWAY_LIMITS, SECURE_API_DEFAULTS } from '../secure-api-defaults';

/*
 * The authorizer's cache key. A REST REQUEST authorizer's identity sources may be request
 * headers, query strings, stage variables and `context` variables, and API Gateway keys its
 * decision cache on their values (AWS API Gateway developer guide, "Configure a Lambda
 * authorizer": supported parameter types `Header`, `Query String`, `Stage Variable`,
 * `Context`). The `$context.identity.clientCert.*` variables are listed among the `$context`
 * variables "for data models, authorizers, mapping templates, and CloudWatch access logging"
 * and are present on every request to a custom domain with mutual TLS. We key the cache on the
 * certificate's issuer DN and serial number (which X.509 makes unique per certificate) and its
 * subject DN (which holds the OU the decision is about), so one caller's cached decision is never
 * served to another. A header the client chose would not do: a client could send another
 * client's value and be served that client's cached Allow without the authorizer running.
 *
 * API Gateway reuses a cached decision for every method behind the authorizer, so the
 * authorizer's policy lists every route the OU may call, not just the one asked for.
 */
export const CERTIFICATE_IDENTITY_SOURCES = [
  'context.identity.clientCert.issuerDN',
  'context.identity.clientCert.serialNumber',
  'context.identity.clientCert.subjectDN',
];

/** The authorizer bundle built from `authorizer.lambda.ts` by projen's esbuild step. */
const AUTHORIZER_ASSET = path.join(__dirname, '..', '..', '..', 'assets', 'secure-api', 'authorizer.lambda');

/** The certificate-OU REQUEST authorizer, its OU mapping table and its function. */
export class CertificateOuMode extends Construct implements BoundAuthorization {
  public readonly caller = {
    ou: '$context.authorizer.ou',
    orgId: '$context.authorizer.orgId',
    certificateSerial: '$context.authorizer.certificateSerial',
    principalId: '$context.authorizer.principalId',
  };
  public readonly mappingTable: EncryptedTable;
  public readonly authorizerFunction: ScopedFunction;
  public readonly mappings: OuRouteMapping[];
  public readonly mappingSeed?: MappingSeed;
  private readonly authorizer: apigw.RequestAuthorizer;

  constructor(scope: Construct, id: string, keys: IKeyPerUsePolicy, options: CertificateOuAuthorizationOptions) {
    super(scope, id);
    const ttl = validCacheTtl(scope, 'authorization.cacheTtlSeconds',
      options.cacheTtlSeconds ?? SECURE_API_DEFAULTS.authorizerCacheTtlSeconds, API_GATEWAY_LIMITS.maxAuthorizerCacheTtlSeconds);
    this.mappings = validMappings(scope, options.mappings);

    this.mappingTable = options.mappingTable ?? new EncryptedTable(this, 'OuMapping', {
      partitionKey: { name: MAPPING_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      keys,
    });
    const environment: Record<string, string> = { [MAPPING_TABLE_NAME_ENV]: this.mappingTable.tableName };
    if (options.mappingCacheTtlSeconds !== undefined) {
      environment[MAPPING_CACHE_TTL_SECONDS_ENV] = String(validCacheTtl(scope, 'authorization.mappingCacheTtlSeconds',
        options.mappingCacheTtlSeconds, MAX_MAPPING_CACHE_TTL_SECONDS));
    }
    this.authorizerFunction = new ScopedFunction(this, 'AuthorizerFunction', {
      code: lambda.Code.fromAsset(AUTHORIZER_ASSET),
      handler: 'index.handler',
      keys,
      environment,
      description: `Certificate-OU authorizer of ${scope.node.path}`,
    });
    this.mappingTable.grantActions(this.authorizerFunction, 'dynamodb:GetItem');

    if (this.mappings.length > 0) {
      this.mappingSeed = new MappingSeed(this, 'MappingSeed', this.mappingTable, keys, this.mappings.map(mappingItem));
    }

    this.authorizer = new apigw.RequestAuthorizer(this, 'Authorizer', {
      handler: this.authorizerFunction.function,
      identitySources: CERTIFICATE_IDENTITY_SOURCES,
      resultsCacheTtl: Duration.seconds(ttl),
    });
  }

  public methodAuthorization(): MethodAuthorization {
    return { authorizationType: apigw.AuthorizationType.CUSTOM, authorizer: this.authorizer };
  }

  public acknowledgeMethod(method: apigw.Method): void {
    acknowledgeFinding(method, 'AwsSolutions-COG4',
      'Callers authenticate with mutual TLS client certificates and are authorized by the certificate-OU Lambda authorizer ' +
      'against the OU mapping table; machine clients with certificates have no Cognito identity.');
  }

  public validate(routes: RouteKey[]): string[] {
    const known = new Set(routes.map((route) => `${route.method} ${route.path}`));
    return this.mappings.flatMap((mapping) => mapping.routes
      .filter((route) => !known.has(route))
      .map((route) => `[${this.node.scope!.node.path}] authorization.mappings: OU '${mapping.ou}' is mapped to '${route}', ` +
        `which is not a route of this API. Fix: add the route with addRoute, or correct the mapping (routes: ${[...known].join(', ') || 'none'})`));
  }
}

function validMappings(scope: Construct, mappings: OuRouteMapping[] | undefined): OuRouteMapping[] {
  if (mappings === undefined) {
    return [];
  }
  if (mappings.length === 0) {
    throw new InvalidPropError(scope, 'authorization.mappings', 'the OU mapping is empty',
      'map at least one OU to its routes, or leave mappings out and write the table items yourself');
  }
  const seen = new Set<string>();
  for (const mapping of mappings) {
    if (!mapping.ou.trim() || seen.has(mapping.ou)) {
      throw new InvalidPropError(scope, 'authorization.mappings', `OU '${mapping.ou}' is empty or mapped twice`,
        'map each OU once, by its exact value in the certificate subject');
    }
    seen.add(mapping.ou);
    if (mapping.routes.length === 0 || mapping.routes.length > MAX_ROUTES_PER_OU) {
      throw new InvalidPropError(scope, 'authorization.mappings', `OU '${mapping.ou}' is mapped to ${mapping.routes.length} routes`,
        `map it to 1 to ${MAX_ROUTES_PER_OU} routes, or leave the OU out to deny it`);
    }
    for (const route of mapping.routes) {
      if (!parseRoute(route)) {
        throw new InvalidPropError(scope, 'authorization.mappings', `'${route}' (OU '${mapping.ou}') is not a route`,
          "write each route as 'METHOD /path', e.g. 'GET /findings/{orgId}'");
      }
    }
  }
  return mappings;
}

/** One OU's mapping as a DynamoDB item in DynamoDB JSON (the format of mapping-format.ts). */
export function mappingItem(mapping: OuRouteMapping): Record<string, unknown> {
  const item: Record<string, unknown> = {
    [MAPPING_PARTITION_KEY]: { S: mapping.ou },
    [MAPPING_ROUTES_ATTRIBUTE]: { L: mapping.routes.map((route) => ({ S: route })) },
  };
  if (mapping.orgId !== undefined) {
    item[MAPPING_ORG_ID_ATTRIBUTE] = { S: mapping.orgId };
  }
  return item;
}
