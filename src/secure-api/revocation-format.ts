/**
 * The contract between `SecureApi` (which creates the revocation table) and the certificate-OU
 * authorizer (which reads it): a list of revoked client certificates, for emergency revocation
 * without a deploy. Dependency-free, like mapping-format.ts.
 *
 * API Gateway checks a client certificate against the truststore but not for revocation; AWS
 * suggests doing that in a Lambda authorizer (API Gateway developer guide, "Configuring mutual TLS
 * authentication for a REST API": "you can use a Lambda authorizer to check against a certificate
 * revocation list"). One item per revoked certificate, in a table with partition key
 * `certificate` (type S):
 *
 * ```json
 * { "certificate": { "S": "1000A5/C=\"US\"\nCN=\"Example Private CA\"\nO=\"Example Corp\"" }, "reason": { "S": "laptop stolen" } }
 * ```
 *
 * - `certificate` is {@link revocationKey} of the issuer's canonical DN: the serial number in
 *   upper-case hex without separators or leading zeros, `/`, then the issuer DN in the canonical
 *   form of distinguished-name.ts (`canonicalDistinguishedName`: one `TYPE="value"` line per
 *   attribute, types upper-cased or by OID alias, values JSON-quoted, lines sorted). It is the form
 *   trusted issuers and CRL issuers are compared in, so every spelling of one issuer DN (spaces
 *   after separators, the case of attribute types, escapes, attribute order) names one item:
 *   `SecureApi.revocationItem` writes it from any of them. A key spelled by hand would have to
 *   match byte for byte, which is why the item is written by that function.
 * - Migration: before this form, the key was the serial, `/` and the issuer DN exactly as API
 *   Gateway renders it (`$context.identity.clientCert.issuerDN`, the `issuer` of each decision log
 *   line). The authorizer still looks that key up too, so items written that way keep revoking
 *   after an upgrade; rewriting them with `SecureApi.revocationItem` is recommended, as only the
 *   canonical key is safe against a differently spelled DN.
 * - Any item under either key revokes the certificate; other attributes are for people.
 */

/** Partition key (type S) of the revocation table. */
export const REVOCATION_PARTITION_KEY = 'certificate';
/** Environment variable: the revocation table's name (required). */
export const REVOCATION_TABLE_NAME_ENV = 'REVOCATION_TABLE_NAME';
/** Environment variable: how long the authorizer keeps a revocation look-up's answer, in seconds. */
export const REVOCATION_CACHE_TTL_SECONDS_ENV = 'REVOCATION_CACHE_TTL_SECONDS';

export const DEFAULT_REVOCATION_CACHE_TTL_SECONDS = 30;
export const MAX_REVOCATION_CACHE_TTL_SECONDS = 300;

/**
 * The longest serial number text the authorizer reads (API Gateway's `serialNumber`, `4a:9f:...`),
 * so about 42 octets. RFC 5280 section 4.1.2.2: "Conforming CAs MUST NOT use serialNumber values
 * longer than 20 octets", but "Non-conforming CAs may issue certificates" otherwise; whatever the
 * authorizer lets through, `SecureApi.revocationItem` must be able to revoke.
 */
export const MAX_SERIAL_NUMBER_LENGTH = 128;

/** `4a:9f:0C:33:12`, `4A9F0C3312` and `004A9F0C3312` are one serial: `4A9F0C3312`. */
export function normalizeSerialNumber(serialNumber: string): string {
  const hex = serialNumber.replace(/[:\s-]/g, '').toUpperCase().replace(/^0+(?=.)/, '');
  return hex;
}

/**
 * The revocation table's key of one certificate: its serial (any spelling {@link normalizeSerialNumber}
 * reads) and its issuer, either the canonical DN (`canonicalDistinguishedName`, the key written
 * today) or, for items written before, the DN as API Gateway renders it.
 */
export function revocationKey(issuer: string, serialNumber: string): string {
  return `${normalizeSerialNumber(serialNumber)}/${issuer}`;
}
