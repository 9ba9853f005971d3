import { IConstruct } from 'constructs';
import { checkedCaCertificate } from '../private/ca-certificate';
import { InvalidPropError } from '../private/errors';

/** Complete PEM blocks: the label on the BEGIN line must match the END line's. */
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/**
 * A construct-managed truststore's CA bundle, checked as API Gateway will read it, and returned
 * canonical: each certificate re-encoded by Node's crypto, in the given order, nothing else. The
 * text around the certificates (comments, `subject=` lines, CRLF) is dropped, so reformatting the
 * file changes nothing, while any change of a certificate is a new truststore version.
 *
 * Refused, naming the certificate: no certificate at all; a PEM block that is not a certificate
 * (a private key pasted in would be written to S3 and the template); a BEGIN or END line without
 * its pair; a block that is not X.509; a certificate that is not a CA (basic constraints CA:TRUE);
 * an expired CA (API Gateway checks that "the certificate's validity period must be current", so
 * it could never anchor a chain); a key weaker than RSA-2048 or ECDSA-256. The signature hash
 * ("SHA-256 or stronger") is not checked: Node reads it only from version 24. Codes are
 * `ManagedTruststore.<Failure>` whichever construct was given the bundle.
 */
export function validTruststoreBundle(scope: IConstruct, prop: string, pem: string, now: Date = new Date()): string {
  const refuse = (failure: string, problem: string, fix: string): never => {
    throw new InvalidPropError(`ManagedTruststore.${failure}`, scope, prop, problem, fix);
  };
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  if (/-----(BEGIN|END) /.test(pem.replace(PEM_BLOCK, ''))) {
    refuse('UnpairedPemLine', 'the bundle has a BEGIN or END line without its pair', 'give each certificate whole, from its -----BEGIN CERTIFICATE----- line to its -----END CERTIFICATE----- line');
  }
  if (blocks.length === 0) {
    refuse('NoCertificate', 'the bundle holds no certificate', 'give the PEM text of the CA certificates that issue your client certificates');
  }
  const certificates = blocks.map(([, label, body], index) => {
    const which = `certificate ${index + 1}`;
    if (label !== 'CERTIFICATE') {
      refuse('NotACertificateBlock', `block ${index + 1} is a ${label}, not a CERTIFICATE`, 'remove everything but the CA certificates; a truststore is public and must never hold a key');
    }
    return checkedCaCertificate(Buffer.from(body.replace(/\s+/g, ''), 'base64'), {
      scope,
      prop,
      name: (certificate) => `${which} (${certificate.subject.split('\n').join(', ')})`,
      unreadable: {
        code: 'ManagedTruststore.InvalidCertificate',
        problem: `${which} is not an X.509 certificate`,
        fix: 'export the CA certificate again in PEM form (openssl x509 -in ca.crt -outform PEM)',
      },
      notCa: { code: 'ManagedTruststore.NotACa', fix: 'give the certificates of the CAs that issue your client certificates, not the client certificates themselves' },
      expired: { code: 'ManagedTruststore.ExpiredCa', now, fix: 'remove it from the bundle, or replace it with the renewed CA certificate' },
      weakKey: { code: 'ManagedTruststore.WeakKey' },
    }).certificate;
  });
  return certificates.map((certificate) => certificate.toString()).join('');
}
