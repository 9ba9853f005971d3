import { existsSync, readFileSync } from 'node:fs';
import { Condition, Permission, permissionKey } from './permission-tuples';
import { InvalidPropError } from '../../private/errors';

/** The version of the baseline file format this code writes and reads (docs/permission-baseline.md). */
export const BASELINE_FORMAT_VERSION = 1;

/** A permission that is in the assembly and not in the baseline, or the other way round. */
export interface PermissionDelta {
  readonly change: 'added' | 'removed';
  readonly permission: Permission;
  /** True when the change gives access the baseline did not: a new or wider Allow, a dropped or narrower Deny. */
  readonly addsAccess: boolean;
}

/** The baseline file's text: the format version and every permission, sorted, two-space JSON. */
export function baselineText(permissions: Permission[]): string {
  return JSON.stringify({ formatVersion: BASELINE_FORMAT_VERSION, permissions }, undefined, 2) + '\n';
}

/** Reads a baseline file written by `baselineText`; a missing, malformed or newer file fails with the fix. */
export function readBaseline(file: string): Permission[] {
  if (!existsSync(file)) {
    throw new InvalidPropError('ComplianceGate.BaselineNotFound', undefined, 'baseline', `the permission baseline ${file} does not exist`,
      `record it with --write-baseline ${file} (ComplianceGate.permissionBaseline) and commit it`);
  }
  let parsed: any;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidPropError('ComplianceGate.InvalidBaselineJson', undefined, 'baseline', `the permission baseline ${file} is not valid JSON (${(error as Error).message})`,
      'record it again with --write-baseline');
  }
  if (parsed?.formatVersion !== BASELINE_FORMAT_VERSION || !Array.isArray(parsed.permissions)) {
    throw new InvalidPropError('ComplianceGate.BaselineFormatVersion', undefined, 'baseline',
      `the permission baseline ${file} is not format version ${BASELINE_FORMAT_VERSION} ({ "formatVersion": 1, "permissions": [...] })`,
      'record it again with --write-baseline');
  }
  return parsed.permissions.map((entry: any, index: number): Permission => {
    for (const field of ['effect', 'principal', 'action', 'resource']) {
      if (typeof entry?.[field] !== 'string') {
        throw new InvalidPropError('ComplianceGate.InvalidBaselineEntry', undefined, 'baseline',
          `permissions[${index}].${field} of the permission baseline ${file} is not a string`, 'record it again with --write-baseline');
      }
    }
    return {
      effect: entry.effect,
      principal: entry.principal,
      action: entry.action,
      resource: entry.resource,
      ...(entry.condition ? { condition: conditionOf(entry.condition) } : {}),
      grantedBy: Array.isArray(entry.grantedBy) ? entry.grantedBy : [],
    };
  });
}

/** A condition block as written in a (possibly hand-edited) baseline: each value a sorted list of strings. */
function conditionOf(block: Record<string, Record<string, unknown>>): Condition {
  return Object.fromEntries(Object.entries(block).map(([operator, keys]) => [operator,
    Object.fromEntries(Object.entries(keys ?? {}).map(([key, values]) => [key, [values].flat().map(String).sort()]))]));
}

/**
 * The permissions added and removed since the baseline, each judged: an added Allow adds access
 * unless one Allow of the baseline already covered it; a removed Deny adds access unless one Deny
 * of the assembly still covers it. Narrowing (a smaller action or resource pattern, an extra
 * condition) is a change that adds nothing.
 */
export function comparePermissions(baseline: Permission[], current: Permission[]): PermissionDelta[] {
  const baselineKeys = new Set(baseline.map(permissionKey));
  const currentKeys = new Set(current.map(permissionKey));
  const allowed = baseline.filter((permission) => !isDeny(permission));
  const denied = current.filter(isDeny);
  return [
    ...current.filter((permission) => !baselineKeys.has(permissionKey(permission))).map((permission): PermissionDelta => ({
      change: 'added',
      permission,
      addsAccess: !isDeny(permission) && !allowed.some((old) => covers(old, permission)),
    })),
    ...baseline.filter((permission) => !currentKeys.has(permissionKey(permission))).map((permission): PermissionDelta => ({
      change: 'removed',
      permission,
      addsAccess: isDeny(permission) && !denied.some((now) => covers(now, permission)),
    })),
  ];
}

function isDeny(permission: Permission): boolean {
  return permission.effect === 'Deny';
}

/**
 * Whether `wide` applies to every request `narrow` applies to: the same principal (or anyone), an
 * action and a resource pattern that match every value of `narrow`'s, and no condition `narrow`
 * lacks or holds more loosely. `NotAction`, `NotResource` and `NotPrincipal` cover only themselves.
 */
export function covers(wide: Permission, narrow: Permission): boolean {
  return principalCovers(wide.principal, narrow.principal)
    // "action names are case insensitive" (IAM User Guide, IAM JSON policy elements: Action)
    && patternCovers(wide.action, narrow.action, true)
    && patternCovers(wide.resource, narrow.resource, false)
    && conditionCovers(wide.condition ?? {}, narrow.condition ?? {});
}

function principalCovers(wide: string, narrow: string): boolean {
  // "Principal": "*" and { "AWS": "*" } mean everyone (IAM User Guide, AWS JSON policy elements: Principal).
  return wide === narrow || ((wide === '*' || wide === 'AWS:*') && !narrow.startsWith('NotPrincipal:'));
}

/**
 * Whether the IAM pattern `wide` (`*` any run of characters, `?` one character) matches every
 * string the pattern `narrow` matches. A `*` of `narrow` can only be matched by a `*` of `wide`
 * (a `?` or a literal character would match only some of what it stands for), so `narrow` is
 * matched as text in which `?` of `wide` never consumes a `*`.
 */
function patternCovers(wide: string, narrow: string, ignoreCase: boolean): boolean {
  if (/^Not(Action|Resource):/.test(wide) || /^Not(Action|Resource):/.test(narrow)) {
    return wide === narrow;
  }
  const source = wide.split('').map((char) => (char === '*' ? '.*' : char === '?' ? '[^*]' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(narrow);
}

/** Operators whose fewer values match fewer requests; for their negations, more values match fewer. */
const NARROWED_BY_FEWER_VALUES = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress', 'BinaryEquals']);
const NARROWED_BY_MORE_VALUES = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike', 'NotIpAddress']);

/**
 * Every condition of `wide` is also a condition of `narrow` (same operator, same key; "condition
 * key names are not case-sensitive", IAM User Guide, IAM JSON policy elements: Condition) that
 * matches no more requests: a subset of the values for StringEquals and its kin, a superset for
 * their negations, the same values for any other operator. `narrow` may add conditions.
 */
function conditionCovers(wide: Condition, narrow: Condition): boolean {
  return Object.entries(wide).every(([operator, keys]) => Object.entries(keys).every(([key, wideValues]) => {
    const narrowKey = Object.keys(narrow[operator] ?? {}).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    if (narrowKey === undefined) {
      return false;
    }
    const narrowValues = narrow[operator][narrowKey];
    const base = operator.replace(/^For(All|Any)Values:/, '').replace(/IfExists$/, '');
    if (NARROWED_BY_FEWER_VALUES.has(base)) {
      return narrowValues.every((value) => wideValues.includes(value));
    }
    if (NARROWED_BY_MORE_VALUES.has(base)) {
      return wideValues.every((value) => narrowValues.includes(value));
    }
    return narrowValues.length === wideValues.length && narrowValues.every((value) => wideValues.includes(value));
  }));
}
