import { X509Certificate } from 'node:crypto';
import { IConstruct } from 'constructs';
import { InvalidPropError } from '../private/errors';

/** Complete PEM blocks: the label on the BEGIN line must match the END line's. */
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/**
 * The named curves of "ECDSA-256 or stronger": P-256, P-384 and P-521, by their OpenSSL names.
 * API Gateway, "Configuring mutual TLS authentication" (API Gateway Developer Guide): the
 * truststore's certificates may use "SHA-256 or stronger", "RSA-2048 or stronger", "ECDSA-256 or
 * stronger".
 */
const ECDSA_256_OR_STRONGER = new Map([['prime256v1', 'P-256'], ['secp384r1', 'P-384'], ['secp521r1', 'P-521']]);
const RSA_MINIMUM_BITS = 2048;

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
    let certificate: X509Certificate | undefined;
    try {
      certificate = new X509Certificate(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
    } catch {
      refuse('InvalidCertificate', `${which} is not an X.509 certificate`, 'export the CA certificate again in PEM form (openssl x509 -in ca.crt -outform PEM)');
    }
    return checkedCa(certificate!, which, now, refuse);
  });
  return certificates.map((certificate) => certificate.toString()).join('');
}

function checkedCa(
  certificate: X509Certificate, which: string, now: Date, refuse: (failure: string, problem: string, fix: string) => never,
): X509Certificate {
  const named = `${which} (${certificate.subject.split('\n').join(', ')})`;
  if (!certificate.ca) {
    refuse('NotACa', `${named} is not a CA certificate (its basic constraints do not say CA:TRUE)`,
      'give the certificates of the CAs that issue your client certificates, not the client certificates themselves');
  }
  const expiry = new Date(certificate.validTo);
  if (!(expiry.getTime() > now.getTime())) {
    refuse('ExpiredCa', `${named} expired on ${expiry.toISOString().slice(0, 10)}`, 'remove it from the bundle, or replace it with the renewed CA certificate');
  }
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    if ((details.modulusLength ?? 0) < RSA_MINIMUM_BITS) {
      refuse('WeakKey', `${named} has a ${details.modulusLength}-bit RSA key; API Gateway needs RSA-2048 or stronger`, 'use a CA with a stronger key');
    }
  } else if (key.asymmetricKeyType === 'ec') {
    if (!ECDSA_256_OR_STRONGER.has(details.namedCurve ?? '')) {
      refuse('WeakKey', `${named} has an EC key on ${details.namedCurve}; API Gateway needs ECDSA-256 or stronger (P-256, P-384 or P-521)`,
        'use a CA whose key is on one of those curves');
    }
  } else {
    refuse('WeakKey', `${named} has a ${key.asymmetricKeyType} key; API Gateway needs RSA-2048 or stronger or ECDSA-256 or stronger`,
      'use a CA with an RSA or ECDSA key');
  }
  return certificate;
}
