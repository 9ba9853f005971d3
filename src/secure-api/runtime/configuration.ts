import {
  CERTIFICATE_REVOCATION_LISTS_ENV,
  DEFAULT_REVOCATION_LIST_REFRESH_SECONDS,
  isRevocationListRefreshSeconds,
  isRevocationListSources,
  REVOCATION_LIST_REFRESH_SECONDS_ENV,
  RevocationListSource,
} from '../crl-format';
import { decodeIssuerTrust, IssuerTrust } from './issuer-trust';
import {
  ALLOW_SEVERAL_MAPPED_OUS_ENV,
  DEFAULT_MAPPING_CACHE_MAX_ENTRIES,
  DEFAULT_MAPPING_CACHE_TTL_SECONDS,
  MAPPING_CACHE_MAX_ENTRIES_ENV,
  MAPPING_CACHE_TTL_SECONDS_ENV,
  MAPPING_TABLE_NAME_ENV,
  MAX_MAPPING_CACHE_TTL_SECONDS,
  MAX_NEGATIVE_CACHE_TTL_SECONDS,
  TRUSTED_ISSUERS_ENV,
} from '../mapping-format';
import { DEFAULT_REVOCATION_CACHE_TTL_SECONDS, MAX_REVOCATION_CACHE_TTL_SECONDS, REVOCATION_CACHE_TTL_SECONDS_ENV, REVOCATION_TABLE_NAME_ENV } from '../revocation-format';

/**
 * The authorizer's settings. Each is named as the environment variable that carries it and the
 * construct option that sets it (mapping-format.ts, revocation-format.ts, crl-format.ts):
 * `mappingCacheTtlSeconds` is `MAPPING_CACHE_TTL_SECONDS`, set by the option of that name, unlike
 * the construct's `cacheTtlSeconds`, API Gateway's decision cache, which never reaches the function.
 */
export interface AuthorizerConfiguration {
  /** `undefined` when the variable is missing: the authorizer then refuses every request. */
  readonly mappingTableName: string | undefined;
  readonly mappingCacheTtlSeconds: number;
  /** How long an unknown or malformed OU is kept: the mapping cache TTL, at most 5 s. */
  readonly mappingNegativeCacheTtlSeconds: number;
  /** The most OUs the mapping cache holds; the revocation answers' cache is bounded alike. */
  readonly mappingCacheMaxEntries: number;
  /** `undefined` when the variable is missing: the authorizer then refuses every request. */
  readonly revocationTableName: string | undefined;
  readonly revocationCacheTtlSeconds: number;
  /**
   * The API's trusted issuers: none when none are set (only OUs whose items name their issuers
   * can then be let through); `undefined` when the variable is unreadable, which refuses every
   * request.
   */
  readonly trustedIssuers: IssuerTrust | undefined;
  /**
   * The CRLs the CAs publish in S3: empty when none are set; `undefined` when the variable is
   * unreadable, which refuses every request.
   */
  readonly certificateRevocationLists: readonly RevocationListSource[] | undefined;
  readonly revocationListRefreshSeconds: number;
  /** Only the exact text `true` allows it: anything else keeps the safe default. */
  readonly allowSeveralMappedOus: boolean;
}

const MAX_CACHE_ENTRIES = 100_000;

/** Reads the environment the construct sets; out-of-range numbers fall back to the defaults. */
export function readConfiguration(env: Readonly<Record<string, string | undefined>>): AuthorizerConfiguration {
  const mappingTableName = env[MAPPING_TABLE_NAME_ENV]?.trim();
  const revocationTableName = env[REVOCATION_TABLE_NAME_ENV]?.trim();
  const mappingCacheTtlSeconds = integerOr(env[MAPPING_CACHE_TTL_SECONDS_ENV], (n) => n <= MAX_MAPPING_CACHE_TTL_SECONDS,
    DEFAULT_MAPPING_CACHE_TTL_SECONDS);
  return {
    mappingTableName: mappingTableName ? mappingTableName : undefined,
    mappingCacheTtlSeconds,
    mappingNegativeCacheTtlSeconds: Math.min(mappingCacheTtlSeconds, MAX_NEGATIVE_CACHE_TTL_SECONDS),
    mappingCacheMaxEntries: integerOr(env[MAPPING_CACHE_MAX_ENTRIES_ENV], (n) => n <= MAX_CACHE_ENTRIES, DEFAULT_MAPPING_CACHE_MAX_ENTRIES),
    revocationTableName: revocationTableName ? revocationTableName : undefined,
    revocationCacheTtlSeconds: integerOr(env[REVOCATION_CACHE_TTL_SECONDS_ENV], (n) => n <= MAX_REVOCATION_CACHE_TTL_SECONDS,
      DEFAULT_REVOCATION_CACHE_TTL_SECONDS),
    trustedIssuers: readIssuers(env[TRUSTED_ISSUERS_ENV]),
    certificateRevocationLists: readRevocationLists(env[CERTIFICATE_REVOCATION_LISTS_ENV]),
    revocationListRefreshSeconds: integerOr(env[REVOCATION_LIST_REFRESH_SECONDS_ENV], isRevocationListRefreshSeconds,
      DEFAULT_REVOCATION_LIST_REFRESH_SECONDS),
    allowSeveralMappedOus: env[ALLOW_SEVERAL_MAPPED_OUS_ENV] === 'true',
  };
}

function readIssuers(text: string | undefined): IssuerTrust | undefined {
  if (text === undefined) {
    return { names: new Set(), keys: [] };
  }
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) ? decodeIssuerTrust(list, true) : undefined;
  } catch {
    return undefined;
  }
}

function readRevocationLists(text: string | undefined): readonly RevocationListSource[] | undefined {
  if (text === undefined) {
    return [];
  }
  try {
    const list: unknown = JSON.parse(text);
    return isRevocationListSources(list) ? list : undefined;
  } catch {
    return undefined;
  }
}

/** The whole number `text` holds when `accepts` it, else `fallback`. */
function integerOr(text: string | undefined, accepts: (value: number) => boolean, fallback: number): number {
  if (text === undefined || !/^\d{1,9}$/.test(text.trim())) {
    return fallback;
  }
  const value = Number(text.trim());
  return accepts(value) ? value : fallback;
}
