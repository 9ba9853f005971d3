/**
 * The contract between the `SecureApi` construct (which creates the OU mapping table and the
 * authorizer function) and the certificate-OU authorizer's runtime code. Dependency-free on
 * purpose: the construct compiles it with jsii, the authorizer bundles it with esbuild.
 *
 * ## The mapping table
 *
 * Partition key `ou` (type S), no sort key. One item per certificate OU:
 *
 * ```json
 * {
 *   "ou":      { "S": "customers-eu" },
 *   "routes":  { "L": [ { "S": "GET /findings/{orgId}" }, { "S": "POST /findings" } ] },
 *   "orgId":   { "S": "org-1234" },
 *   "context": { "M": { "tier": { "S": "gold" } } }
 * }
 * ```
 *
 * - `ou` is compared exactly (case-sensitive, no Unicode normalization) with the OU value taken
 *   from the client certificate's subject DN after RFC 4514 unescaping.
 * - `routes` (required): a list of strings, or a string set, of `METHOD /path`. METHOD is one of
 *   {@link ROUTE_METHODS} (`ANY` = every method). The path is the API Gateway resource path
 *   template: `/`, or `/`-separated segments, each either literal (`[A-Za-z0-9._~:@-]+`) or a path
 *   parameter `{name}` (`{name+}` only as the last segment). Between 1 and
 *   {@link MAX_ROUTES_PER_OU} routes.
 * - `issuers` (optional): a list of 1 to {@link MAX_TRUSTED_ISSUERS} issuers; a certificate
 *   carrying this OU must be issued by one of them. Without it the API's trusted issuers apply.
 *   Each element is either
 *   - a string: an issuer DN (RFC 4514), compared with the issuer read from the certificate by
 *     attributes, whatever their order, spacing or escaping; or
 *   - a map `{ "publicKey": { "S": "<base64>" } }` ({@link ISSUER_PUBLIC_KEY_FIELD}): the issuing
 *     CA's public key as SubjectPublicKeyInfo DER in base64; the certificate's signature must
 *     verify with it. A second CA in the truststore can copy a DN, never this key.
 *
 *   ```json
 *   "issuers": { "L": [ { "S": "CN=Partner CA,O=Partner" }, { "M": { "publicKey": { "S": "MFkwEwYHKoZIzj0CAQYI..." } } } ] }
 *   ```
 * - `orgId` (optional string) and `context` (optional map of strings, keys matching
 *   {@link CONTEXT_KEY_PATTERN}, not one of {@link RESERVED_CONTEXT_KEYS}) are passed to the
 *   integrations in the authorizer context. Values are at most {@link MAX_CONTEXT_VALUE_LENGTH}
 *   characters without control characters.
 * - Any other attribute is ignored. An item that breaks these rules denies its OU (fail closed).
 *
 * The authorizer decides on the route API Gateway resolved (the event's `httpMethod` and
 * `resource`), looked up exactly among these strings: `GET /findings/{orgId}` never reaches
 * `GET /findings/export` or `GET /findings/{orgId}/notes`. `ANY /path` covers every method of
 * exactly that resource. A certificate whose subject holds several mapped OUs is denied unless the
 * API allows it (`ALLOW_SEVERAL_MAPPED_OUS`).
 */

/** Partition key (type S) of the mapping table. */
export const MAPPING_PARTITION_KEY = 'ou';
/** Item attribute: the routes an OU may call. */
export const MAPPING_ROUTES_ATTRIBUTE = 'routes';
/**
 * Item attribute (optional): the issuer DNs whose certificates may carry this OU, overriding the
 * API's trusted issuers ({@link TRUSTED_ISSUERS_ENV}) for this OU.
 */
export const MAPPING_ISSUERS_ATTRIBUTE = 'issuers';
/** Item attribute: the optional organization id passed to the integrations. */
export const MAPPING_ORG_ID_ATTRIBUTE = 'orgId';
/** Item attribute: an optional map of extra string context passed to the integrations. */
export const MAPPING_CONTEXT_ATTRIBUTE = 'context';

/**
 * Item attribute the construct's mapping writer marks its items with (the API's construct path),
 * so it deletes only what it wrote; the authorizer ignores it.
 */
export const MAPPING_WRITER_ATTRIBUTE = 'writtenBy';

/**
 * Environment variable: a JSON array of the issuers whose certificates any mapped OU may come
 * from, unless the OU's item names its own `issuers`: each an issuer DN string, or
 * `{ "publicKey": "<SubjectPublicKeyInfo DER, base64>" }` for a CA pinned by its key (the same two
 * forms as the item's `issuers`). A certificate from any other issuer is denied, whatever its OU:
 * a CA that copies OUs from requests can't mint another CA's OUs.
 */
export const TRUSTED_ISSUERS_ENV = 'TRUSTED_ISSUERS';
/** At most this many issuers, per OU and for the API. */
export const MAX_TRUSTED_ISSUERS = 10;
/** The field of an issuer pinned by its CA's public key, in the environment and in items. */
export const ISSUER_PUBLIC_KEY_FIELD = 'publicKey';
/** The longest pinned key, in base64 characters: an RSA 4096-bit SubjectPublicKeyInfo is 736. */
export const MAX_ISSUER_PUBLIC_KEY_LENGTH = 1024;

/** One trusted issuer: a DN, or a CA pinned by its public key. */
export type IssuerEntry = string | { readonly [ISSUER_PUBLIC_KEY_FIELD]: string };

/** An issuer as an element of an item's `issuers` list (DynamoDB JSON). */
export function issuerItemElement(entry: IssuerEntry): Record<string, unknown> {
  return typeof entry === 'string' ? { S: entry } : { M: { [ISSUER_PUBLIC_KEY_FIELD]: { S: entry[ISSUER_PUBLIC_KEY_FIELD] } } };
}

/** Environment variable: the mapping table's name (required). */
export const MAPPING_TABLE_NAME_ENV = 'MAPPING_TABLE_NAME';
/**
 * Environment variable: how long a found mapping stays cached in the authorizer, in seconds: the
 * option `mappingCacheTtlSeconds` on both sides (not `cacheTtlSeconds`, API Gateway's decision cache).
 */
export const MAPPING_CACHE_TTL_SECONDS_ENV = 'MAPPING_CACHE_TTL_SECONDS';
/**
 * Environment variable: `true` lets a certificate whose subject holds several mapped OUs have the
 * union of their routes; otherwise (and for any other value) such a certificate is denied.
 */
export const ALLOW_SEVERAL_MAPPED_OUS_ENV = 'ALLOW_SEVERAL_MAPPED_OUS';
/**
 * Environment variable (not set by the construct; for tuning): how many OUs the authorizer's
 * in-memory mapping cache holds at most; its cache of revocation answers is bounded alike.
 */
export const MAPPING_CACHE_MAX_ENTRIES_ENV = 'MAPPING_CACHE_MAX_ENTRIES';

export const DEFAULT_MAPPING_CACHE_TTL_SECONDS = 60;
export const MAX_MAPPING_CACHE_TTL_SECONDS = 3600;
export const DEFAULT_MAPPING_CACHE_MAX_ENTRIES = 1000;
/** Unknown or malformed OUs are cached for at most this long, so a new mapping shows up soon. */
export const MAX_NEGATIVE_CACHE_TTL_SECONDS = 5;

export const MAX_ROUTES_PER_OU = 100;
export const MAX_CONTEXT_ENTRIES = 16;
export const MAX_CONTEXT_VALUE_LENGTH = 256;
export const CONTEXT_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Context keys the authorizer sets itself. */
export const RESERVED_CONTEXT_KEYS: readonly string[] = ['ou', 'orgId', 'certificateSerial', 'principalId'];

/**
 * The HTTP methods a route names, the one list for both sides: a SecureApi route (`addRoute`) is one
 * of these, `ANY` left out so each invoke permission names one method.
 */
export const HTTP_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A mapping route's method: one of {@link HTTP_METHODS}, or `ANY`, which stands for every method. */
export const ROUTE_METHODS: readonly string[] = ['ANY', ...HTTP_METHODS];

const LITERAL_SEGMENT = /^[A-Za-z0-9._~:@-]+$/;
const PARAMETER_SEGMENT = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const GREEDY_PARAMETER_SEGMENT = /^\{[A-Za-z_][A-Za-z0-9_]*\+\}$/;
const MAX_ROUTE_LENGTH = 1024;

/** One route of an OU mapping. */
export interface MappingRoute {
  /** One of {@link ROUTE_METHODS}. */
  readonly method: string;
  /** A resource path template such as `/findings/{orgId}`. */
  readonly path: string;
}

/** `GET /findings/{orgId}` → `{ method: 'GET', path: '/findings/{orgId}' }`; `undefined` if invalid. */
export function parseRoute(route: string): MappingRoute | undefined {
  if (route.length > MAX_ROUTE_LENGTH) {
    return undefined;
  }
  const space = route.indexOf(' ');
  if (space <= 0) {
    return undefined;
  }
  const method = route.slice(0, space);
  const path = route.slice(space + 1);
  if (!ROUTE_METHODS.includes(method) || !isResourcePath(path)) {
    return undefined;
  }
  return { method, path };
}

/** The inverse of {@link parseRoute}. */
export function formatRoute(route: MappingRoute): string {
  return `${route.method} ${route.path}`;
}

/** Whether `path` is a valid resource path template (see the item format above). */
export function isResourcePath(path: string): boolean {
  if (path === '/') {
    return true;
  }
  if (!path.startsWith('/')) {
    return false;
  }
  const segments = path.slice(1).split('/');
  return segments.every((segment, index) =>
    LITERAL_SEGMENT.test(segment) ||
    PARAMETER_SEGMENT.test(segment) ||
    (index === segments.length - 1 && GREEDY_PARAMETER_SEGMENT.test(segment)));
}

/** Whether `path` is a path parameter segment (`{name}` or `{name+}`). */
export function isPathParameterSegment(segment: string): boolean {
  return PARAMETER_SEGMENT.test(segment) || GREEDY_PARAMETER_SEGMENT.test(segment);
}

/**
 * `/findings/{orgId}` → `/findings/*`: the path part of the method-ARN pattern that stands for a
 * route in a policy, where a path parameter's value is any text.
 */
export function arnPathPattern(path: string): string {
  return path.split('/').map((segment) => (isPathParameterSegment(segment) ? '*' : segment)).join('/');
}

/** RFC 5280's ub-organizational-unit-name: the longest OU, in characters. */
export const MAX_OU_LENGTH = 64;

// Control characters, and surrogates that don't form a pair (they would not survive UTF-8).
// eslint-disable-next-line no-control-regex
const UNFIT_FOR_KEY = /[\u0000-\u001f\u007f-\u009f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `ou` can be a certificate's OU and a mapping table key: 1 to {@link MAX_OU_LENGTH}
 * characters (code points), no control characters, well-formed UTF-16.
 */
export function isOuValue(ou: string): boolean {
  return ou.length > 0 && ou.length <= MAX_OU_LENGTH * 2 && [...ou].length <= MAX_OU_LENGTH && !UNFIT_FOR_KEY.test(ou);
}

/** Whether `value` may be passed in the authorizer context. */
export function isContextValue(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return value.length <= MAX_CONTEXT_VALUE_LENGTH && !/[\u0000-\u001f\u007f-\u009f]/.test(value);
}
