import { createPublicKey, KeyObject } from 'node:crypto';
import { isSignedBy, ParsedCertificate } from './parsed-certificate';
import { canonicalDistinguishedName } from '../distinguished-name';
import { ISSUER_PUBLIC_KEY_FIELD, MAX_ISSUER_PUBLIC_KEY_LENGTH, MAX_TRUSTED_ISSUERS } from '../mapping-format';

/** A CA public key certificates must be signed with (a `TrustedIssuer.fromCertificatePem`). */
export interface PinnedKey {
  /** The SubjectPublicKeyInfo DER in base64, as configured: the key's name in caches. */
  readonly id: string;
  readonly key: KeyObject;
}

/** The issuers an OU (or the API) trusts: by DN, or pinned by the CA's key. */
export interface IssuerTrust {
  /** Canonical DNs (see `canonicalDistinguishedName`). */
  readonly names: ReadonlySet<string>;
  readonly keys: readonly PinnedKey[];
}

/**
 * Whether the certificate comes from a trusted issuer: its issuer DN is one named, or its
 * signature verifies with a pinned CA key. A pinned key is the stronger promise: a second CA in the
 * truststore can copy a DN, not a private key.
 */
export function trustsIssuer(trust: IssuerTrust, certificate: ParsedCertificate): boolean {
  return trust.names.has(certificate.canonicalIssuer) || trust.keys.some((pinned) => isSignedBy(certificate, pinned.id, pinned.key));
}

/**
 * Decodes 1 to {@link MAX_TRUSTED_ISSUERS} entries of the issuer format (mapping-format.ts): a DN
 * string, or `{ publicKey: <SubjectPublicKeyInfo DER, base64> }`. `undefined` when any entry is off.
 */
export function decodeIssuerTrust(entries: readonly unknown[], allowEmpty: boolean): IssuerTrust | undefined {
  if ((!allowEmpty && entries.length === 0) || entries.length > MAX_TRUSTED_ISSUERS) {
    return undefined;
  }
  const names = new Set<string>();
  const keys: PinnedKey[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      const name = canonicalDistinguishedName(entry);
      if (name === undefined) {
        return undefined;
      }
      names.add(name);
      continue;
    }
    const id = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[ISSUER_PUBLIC_KEY_FIELD] : undefined;
    const key = typeof id === 'string' ? publicKey(id) : undefined;
    if (key === undefined) {
      return undefined;
    }
    keys.push({ id: id as string, key });
  }
  return { names, keys };
}

function publicKey(base64: string): KeyObject | undefined {
  if (base64.length > MAX_ISSUER_PUBLIC_KEY_LENGTH || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    return undefined;
  }
  try {
    return createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}
