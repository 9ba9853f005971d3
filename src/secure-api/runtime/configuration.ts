import { canonicalDistinguishedName } from '../distinguished-name';
import {
  ALLOW_SEVERAL_MAPPED_OUS_ENV,
  DEFAULT_MAPPING_CACHE_MAX_ENTRIES,
  DEFAULT_MAPPING_CACHE_TTL_SECONDS,
  MAPPING_CACHE_MAX_ENTRIES_ENV,
  MAPPING_CACHE_TTL_SECONDS_ENV,
  MAPPING_TABLE_NAME_ENV,
  MAX_MAPPING_CACHE_TTL_SECONDS,
  MAX_NEGATIVE_CACHE_TTL_SECONDS,
  MAX_TRUSTED_ISSUERS,
  TRUSTED_ISSUERS_ENV,
} from '../mapping-format';
import { DEFAULT_REVOCATION_CACHE_TTL_SECONDS, MAX_REVOCATION_CACHE_TTL_SECONDS, REVOCATION_CACHE_TTL_SECONDS_ENV, REVOCATION_TABLE_NAME_ENV } from '../revocation-format';

export interface AuthorizerConfiguration {
  /** `undefined` when the variable is missing: the authorizer then refuses every request. */
  readonly tableName: string | undefined;
  readonly cacheTtlSeconds: number;
  readonly negativeCacheTtlSeconds: number;
  readonly cacheMaxEntries: number;
  /** `undefined` when the variable is missing: the authorizer then refuses every request. */
  readonly revocationTableName: string | undefined;
  readonly revocationCacheTtlSeconds: number;
  /**
   * Canonical DNs of the API's trusted issuers: empty when none are set (only OUs whose items name
   * their issuers can then be let through); `undefined` when the variable is unreadable, which
   * refuses every request.
   */
  readonly trustedIssuers: ReadonlySet<string> | undefined;
  /** Only the exact text `true` allows it: anything else keeps the safe default. */
  readonly allowSeveralMappedOus: boolean;
}

const MAX_CACHE_ENTRIES = 100_000;

/** Reads the environment the construct sets; out-of-range numbers fall back to the defaults. */
export function readConfiguration(env: Readonly<Record<string, string | undefined>>): AuthorizerConfiguration {
  const tableName = env[MAPPING_TABLE_NAME_ENV]?.trim();
  const revocationTableName = env[REVOCATION_TABLE_NAME_ENV]?.trim();
  const cacheTtlSeconds = integerIn(env[MAPPING_CACHE_TTL_SECONDS_ENV], 0, MAX_MAPPING_CACHE_TTL_SECONDS, DEFAULT_MAPPING_CACHE_TTL_SECONDS);
  return {
    tableName: tableName ? tableName : undefined,
    cacheTtlSeconds,
    negativeCacheTtlSeconds: Math.min(cacheTtlSeconds, MAX_NEGATIVE_CACHE_TTL_SECONDS),
    cacheMaxEntries: integerIn(env[MAPPING_CACHE_MAX_ENTRIES_ENV], 0, MAX_CACHE_ENTRIES, DEFAULT_MAPPING_CACHE_MAX_ENTRIES),
    revocationTableName: revocationTableName ? revocationTableName : undefined,
    revocationCacheTtlSeconds: integerIn(env[REVOCATION_CACHE_TTL_SECONDS_ENV], 0, MAX_REVOCATION_CACHE_TTL_SECONDS,
      DEFAULT_REVOCATION_CACHE_TTL_SECONDS),
    trustedIssuers: readIssuers(env[TRUSTED_ISSUERS_ENV]),
    allowSeveralMappedOus: env[ALLOW_SEVERAL_MAPPED_OUS_ENV] === 'true',
  };
}

function readIssuers(text: string | undefined): ReadonlySet<string> | undefined {
  if (text === undefined) {
    return new Set();
  }
  try {
    const list: unknown = JSON.parse(text);
    if (!Array.isArray(list) || list.length > MAX_TRUSTED_ISSUERS) {
      return undefined;
    }
    const issuers = list.map((dn) => (typeof dn === 'string' ? canonicalDistinguishedName(dn) : undefined));
    return issuers.every((issuer): issuer is string => issuer !== undefined) ? new Set(issuers) : undefined;
  } catch {
    return undefined;
  }
}

function integerIn(text: string | undefined, min: number, max: number, fallback: number): number {
  if (text === undefined || !/^\d{1,9}$/.test(text.trim())) {
    return fallback;
  }
  const value = Number(text.trim());
  return value >= min && value <= max ? value : fallback;
}
