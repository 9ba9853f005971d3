import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  CONTEXT_KEY_PATTERN,
  formatRoute,
  isContextValue,
  MappingRoute,
  MAPPING_CONTEXT_ATTRIBUTE,
  MAPPING_ISSUERS_ATTRIBUTE,
  MAPPING_ORG_ID_ATTRIBUTE,
  MAPPING_PARTITION_KEY,
  MAPPING_ROUTES_ATTRIBUTE,
  ISSUER_PUBLIC_KEY_FIELD,
  MAX_CONTEXT_ENTRIES,
  MAX_ROUTES_PER_OU,
  parseRoute,
  RESERVED_CONTEXT_KEYS,
} from '../mapping-format';
import { decodeIssuerTrust, IssuerTrust } from './issuer-trust';
import { MALFORMED, OuLookup, UNMAPPED } from './ou-mapping';

type Item = Record<string, AttributeValue> | undefined;

/** Decodes a GetItem result for `ou` (see mapping-format.ts); anything off is `malformed`. */
export function decodeMappingItem(ou: string, item: Item): OuLookup {
  try {
    return decode(ou, item);
  } catch {
    return MALFORMED; // an item shaped like no AttributeValue at all
  }
}

function decode(ou: string, item: Item): OuLookup {
  if (item === undefined || item === null) {
    return UNMAPPED;
  }
  if (item[MAPPING_PARTITION_KEY]?.S !== ou) {
    return MALFORMED;
  }
  const routes = decodeRoutes(item[MAPPING_ROUTES_ATTRIBUTE]);
  const orgId = decodeOptionalString(item[MAPPING_ORG_ID_ATTRIBUTE]);
  const context = decodeContext(item[MAPPING_CONTEXT_ATTRIBUTE]);
  const issuers = decodeIssuers(item[MAPPING_ISSUERS_ATTRIBUTE]);
  if (!routes || orgId === null || !context || issuers === null) {
    return MALFORMED;
  }
  return {
    kind: 'mapped',
    mapping: { ou, routes, routeKeys: new Set(routes.map(formatRoute)), issuers, orgId, context },
  };
}

function decodeRoutes(attribute: AttributeValue | undefined): MappingRoute[] | undefined {
  const texts: unknown[] | undefined = Array.isArray(attribute?.SS) ? attribute.SS
    : Array.isArray(attribute?.L) ? attribute.L.map((element) => element?.S)
      : undefined;
  if (!texts || texts.length === 0 || texts.length > MAX_ROUTES_PER_OU) {
    return undefined;
  }
  const routes: MappingRoute[] = [];
  for (const text of texts) {
    const route = typeof text === 'string' ? parseRoute(text) : undefined;
    if (!route) {
      return undefined;
    }
    routes.push(route);
  }
  return routes;
}

/**
 * The OU's own trusted issuers; `undefined` when absent, `null` when present but not 1 to 10
 * issuers of the documented forms (a DN string, or a map holding the CA's public key).
 */
function decodeIssuers(attribute: AttributeValue | undefined): IssuerTrust | undefined | null {
  if (attribute === undefined) {
    return undefined;
  }
  const elements: unknown[] | undefined = Array.isArray(attribute?.SS) ? attribute.SS
    : Array.isArray(attribute?.L) ? attribute.L.map(issuerEntry)
      : undefined;
  return (elements && decodeIssuerTrust(elements, false)) ?? null;
}

/** `{ S: dn }` → the DN; `{ M: { publicKey: { S: key } } }` → `{ publicKey: key }`; else `undefined`. */
function issuerEntry(element: AttributeValue | undefined): unknown {
  if (typeof element?.S === 'string') {
    return element.S;
  }
  const key = element?.M?.[ISSUER_PUBLIC_KEY_FIELD]?.S;
  return typeof key === 'string' && Object.keys(element!.M!).length === 1 ? { [ISSUER_PUBLIC_KEY_FIELD]: key } : undefined;
}

/** `undefined` when absent, `null` when present but not a fit string. */
function decodeOptionalString(attribute: AttributeValue | undefined): string | undefined | null {
  if (attribute === undefined) {
    return undefined;
  }
  return typeof attribute.S === 'string' && isContextValue(attribute.S) ? attribute.S : null;
}

function decodeContext(attribute: AttributeValue | undefined): Record<string, string> | undefined {
  if (attribute === undefined) {
    return {};
  }
  const entries = typeof attribute?.M === 'object' && attribute.M !== null ? Object.entries(attribute.M) : undefined;
  if (!entries || entries.length > MAX_CONTEXT_ENTRIES) {
    return undefined;
  }
  const context: Record<string, string> = {};
  for (const [key, value] of entries) {
    const text = value?.S;
    if (!CONTEXT_KEY_PATTERN.test(key) || RESERVED_CONTEXT_KEYS.includes(key) || typeof text !== 'string' || !isContextValue(text)) {
      return undefined;
    }
    context[key] = text;
  }
  return context;
}
