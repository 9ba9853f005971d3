import { IConstruct } from 'constructs';
import { canonicalDistinguishedName } from './distinguished-name';
import { ISSUER_PUBLIC_KEY_FIELD, IssuerEntry, MAX_ISSUER_PUBLIC_KEY_LENGTH } from './mapping-format';
import { checkedCaCertificate } from '../private/ca-certificate';
import { requireProp } from '../private/errors';

/** An issuer DN longer than this is no CA's, and would crowd the authorizer's 4 KB environment. */
const MAX_ISSUER_DN_LENGTH = 256;

/**
 * A certificate authority whose client certificates the certificate-OU authorizer accepts for an
 * OU (`OuRouteMapping.issuers`) or for the whole API (`trustedIssuers`).
 */
export class TrustedIssuer {
  /**
   * The issuing CA by its certificate (PEM, one certificate): a client certificate counts only
   * when its signature verifies with this CA's public key. The stronger choice: another CA in the
   * truststore can copy a DN, not a private key. The authorizer is passed the key alone
   * (SubjectPublicKeyInfo, base64). Give the CA that signs the client certificates: with an
   * intermediate, the intermediate, not the root (a root's key verifies no client certificate).
   * Synthesis fails if the PEM is not one CA certificate, or if its key is weaker than API
   * Gateway's truststore accepts (RSA-2048, ECDSA P-256).
   *
   * @param pem the CA certificate, `-----BEGIN CERTIFICATE-----` ... `-----END CERTIFICATE-----`
   */
  public static fromCertificatePem(pem: string): TrustedIssuer {
    return new TrustedIssuer(undefined, pem);
  }

  /**
   * The issuing CA by its distinguished name (RFC 4514, e.g. `CN=Example Private CA,O=Example
   * Corp,C=US`, as in the authorizer's decision log), compared with the issuer read from the
   * client certificate by attributes, whatever their order, spacing or escaping. Weaker than
   * `fromCertificatePem`: a second CA in the truststore with the same DN would pass.
   *
   * @param distinguishedName the issuer DN of your client certificates
   */
  public static fromDistinguishedName(distinguishedName: string): TrustedIssuer {
    return new TrustedIssuer(distinguishedName, undefined);
  }

  private constructor(
    private readonly distinguishedName: string | undefined,
    private readonly certificatePem: string | undefined,
  ) {}

  /**
   * @internal
   * The issuer as the authorizer reads it (mapping-format.ts), or an `InvalidPropError` naming
   * the construct path, the prop and the fix.
   */
  public _entry(scope: IConstruct, prop: string): IssuerEntry {
    if (this.distinguishedName !== undefined) {
      const dn = this.distinguishedName;
      requireProp('SecureApi.InvalidTrustedIssuer', dn.length <= MAX_ISSUER_DN_LENGTH && canonicalDistinguishedName(dn) !== undefined, scope, prop,
        `'${dn}' is not a distinguished name`, "write it as RFC 4514 does, e.g. 'CN=Example Private CA,O=Example Corp,C=US'");
      return dn;
    }
    return { [ISSUER_PUBLIC_KEY_FIELD]: caPublicKey(scope, prop, this.certificatePem!) };
  }
}

/** The CA certificate's SubjectPublicKeyInfo DER in base64. */
function caPublicKey(scope: IConstruct, prop: string, pem: string): string {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  const fix = 'give the PEM of the CA that issues your client certificates (one certificate, ' +
    "e.g. readFileSync('ca.pem', 'utf8')), or TrustedIssuer.fromDistinguishedName";
  requireProp('SecureApi.TrustedIssuerPemCount', blocks === 1, scope, prop, `a CA certificate PEM holds one certificate, this text holds ${blocks}`, fix);
  return checkedCaCertificate(pem, {
    scope,
    prop,
    unreadable: { code: 'SecureApi.TrustedIssuerPemUnreadable', problem: 'the PEM is not a readable X.509 certificate', fix },
    notCa: { code: 'SecureApi.TrustedIssuerNotCa', fix },
    // API Gateway's truststore refuses such a CA ("RSA-2048 or stronger", "ECDSA-256 or stronger"),
    // so no client certificate it signs passes mutual TLS; and a weak key is no pin.
    weakKey: { code: 'SecureApi.TrustedIssuerWeakKey' },
    maxPublicKeyLength: {
      code: 'SecureApi.TrustedIssuerKeyTooLong',
      characters: MAX_ISSUER_PUBLIC_KEY_LENGTH,
      fix: 'pin a CA with an EC or RSA key of at most 4096 bits, or use TrustedIssuer.fromDistinguishedName',
    },
  }).publicKey;
}
