import { OuMapping } from './ou-mapping';

/** The context API Gateway passes to the integrations (`$context.authorizer.*`): strings only. */
export type AuthorizerContext = Record<string, string>;

/**
 * Merges what the mapped OUs pass on. Several OUs must agree on `orgId` and on every shared
 * context key; `undefined` when they don't, because guessing the caller's org would be worse.
 */
export function buildAuthorizerContext(mappings: readonly OuMapping[], certificateSerial: string): AuthorizerContext | undefined {
  const context: AuthorizerContext = {};
  let orgId: string | undefined;
  for (const mapping of mappings) {
    for (const key in mapping.context) {
      const value = mapping.context[key];
      if (context[key] !== undefined && context[key] !== value) {
        return undefined;
      }
      context[key] = value;
    }
    if (mapping.orgId !== undefined) {
      if (orgId !== undefined && orgId !== mapping.orgId) {
        return undefined;
      }
      orgId = mapping.orgId;
    }
  }
  context.ou = ouLabel(mappings);
  if (orgId !== undefined) {
    context.orgId = orgId;
  }
  context.certificateSerial = certificateSerial;
  return context;
}

/** The mapped OUs as one string, `,`-separated with `\` and `,` escaped: `sales`, `eu\,west,sales`. */
export function ouLabel(mappings: readonly OuMapping[]): string {
  if (mappings.length === 1) {
    return escapeOu(mappings[0].ou);
  }
  return mappings.map((mapping) => escapeOu(mapping.ou)).join(',');
}

function escapeOu(ou: string): string {
  return /[\\,]/.test(ou) ? ou.replace(/[\\,]/g, '\\$&') : ou;
}
