import { IssuerTrust } from './issuer-trust';
import { MappingRoute } from '../mapping-format';

/** What one OU may do, as decoded from its mapping item. */
export interface OuMapping {
  readonly ou: string;
  readonly routes: readonly MappingRoute[];
  /** Each route as `METHOD /resource` (see `formatRoute`), for exact look-up of the route API Gateway resolved. */
  readonly routeKeys: ReadonlySet<string>;
  /** The issuers this OU may come from; `undefined`: the API's trusted issuers. */
  readonly issuers?: IssuerTrust;
  readonly orgId?: string;
  readonly context: Readonly<Record<string, string>>;
}

/** The result of looking one OU up: found, absent from the table, or present but unusable. */
export type OuLookup =
  | { readonly kind: 'mapped'; readonly mapping: OuMapping }
  | { readonly kind: 'unmapped' }
  | { readonly kind: 'malformed' };

export const UNMAPPED: OuLookup = Object.freeze({ kind: 'unmapped' });
export const MALFORMED: OuLookup = Object.freeze({ kind: 'malformed' });
