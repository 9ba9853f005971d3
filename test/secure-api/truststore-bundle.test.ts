import { X509Certificate } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import { validTruststoreBundle } from '../../src/secure-api/truststore-bundle';
import { selfSignedCertificate } from '../support/ca-certificates';
import { thrownCode } from '../support/failures';
import { testStack } from '../support/stacks';

/**
 * The CA bundle of a construct-managed truststore, checked at synthesis against what API Gateway
 * documents for truststores ("Configuring mutual TLS authentication", API Gateway Developer
 * Guide): PEM certificates of CAs, "RSA-2048 or stronger", "ECDSA-256 or stronger", and a
 * validity period that is current. Every certificate here is made by openssl.
 */
const ROOT = selfSignedCertificate({ subject: '/CN=Example Root CA/O=Example Corp' });
const RSA_ROOT = selfSignedCertificate({ subject: '/CN=Partner Root CA/O=Partner', key: 'rsa:2048' });
const P384_ROOT = selfSignedCertificate({ subject: '/CN=P384 Root CA', key: 'P-384' });
const LEAF = selfSignedCertificate({ subject: '/CN=scanner-01/O=Example Corp', ca: false });
const EXPIRED = selfSignedCertificate({ subject: '/CN=Retired Root CA', startDate: '20200101000000Z', endDate: '20210101000000Z' });
const WEAK_RSA = selfSignedCertificate({ subject: '/CN=Weak Root CA', key: 'rsa:1024' });
const OTHER_CURVE = selfSignedCertificate({ subject: '/CN=Koblitz Root CA', key: 'secp256k1' });

function check(pem: string, stack: Stack = testStack()): string {
  return validTruststoreBundle(stack, 'domain.truststorePem', pem);
}

function problem(pem: string): string {
  try {
    check(pem);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

/** The stable code of the refusal (`ManagedTruststore.<Failure>`). */
const code = (pem: string) => thrownCode(() => check(pem));

describe('the truststore bundle', () => {
  test('is the given CA certificates, each re-encoded, in order', () => {
    const bundle = check(`${ROOT}\n${RSA_ROOT}${P384_ROOT}`);
    const certificates = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!;
    expect(certificates.map((pem) => new X509Certificate(pem).fingerprint256)).toEqual(
      [ROOT, RSA_ROOT, P384_ROOT].map((pem) => new X509Certificate(pem).fingerprint256));
  });

  test('does not change with the text around the certificates, so reformatting rolls out no new version', () => {
    const annotated = `# Example Corp roots\r\nsubject=CN = Example Root CA\r\n${ROOT.replace(/\n/g, '\r\n')}\n\n  \n${RSA_ROOT}\n`;
    expect(check(annotated)).toBe(check(`${ROOT}${RSA_ROOT}`));
  });

  test.each([
    ['empty', ''],
    ['only whitespace', ' \n\t\n'],
    ['text without a certificate', 'see the CA team'],
  ])('refuses a bundle that is %s', (_, pem) => {
    expect(code(pem)).toBe('ManagedTruststore.NoCertificate');
  });

  test('refuses a private key in the bundle, naming the block, without echoing it', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
    const message = problem(`${ROOT}${key}`);
    expect(message).toMatch(/\[Test\] domain\.truststorePem: block 2 is a PRIVATE KEY, not a CERTIFICATE.*Fix: /);
    expect(message).not.toContain('MIGHAgEA');
    expect(code(`${ROOT}${key}`)).toBe('ManagedTruststore.NotACertificateBlock');
  });

  test('refuses a certificate block that is cut short', () => {
    expect(code(`${ROOT}-----BEGIN CERTIFICATE-----\nMIIB`)).toBe('ManagedTruststore.UnpairedPemLine');
  });

  test('refuses a block that is not a certificate', () => {
    expect(code('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n')).toBe('ManagedTruststore.InvalidCertificate');
  });

  test('refuses an end-entity certificate: a truststore holds the CAs that issue client certificates', () => {
    expect(code(`${ROOT}${LEAF}`)).toBe('ManagedTruststore.NotACa');
    expect(problem(`${ROOT}${LEAF}`)).toMatch(/certificate 2 \(CN=scanner-01, O=Example Corp\) is not a CA certificate/);
  });

  test('refuses an expired CA, naming it and the day it expired', () => {
    expect(code(`${EXPIRED}${ROOT}`)).toBe('ManagedTruststore.ExpiredCa');
    expect(problem(`${EXPIRED}${ROOT}`)).toMatch(/certificate 1 \(CN=Retired Root CA\) expired on 2021-01-01/);
  });

  test.each([
    ['RSA-1024', WEAK_RSA, /certificate 1 \(CN=Weak Root CA\) has a 1024-bit RSA key; API Gateway needs RSA-2048 or stronger/],
    ['secp256k1', OTHER_CURVE, /certificate 1 \(CN=Koblitz Root CA\) has an EC key on secp256k1; API Gateway needs ECDSA-256 or stronger/],
  ])('refuses a %s key', (_, pem, message) => {
    expect(code(pem)).toBe('ManagedTruststore.WeakKey');
    expect(problem(pem)).toMatch(message);
  });

  test('names the construct path, the prop and the fix', () => {
    expect(problem(LEAF)).toMatch(/^\[Test\] domain\.truststorePem: .+\. Fix: .+ \(ManagedTruststore\.NotACa\)$/);
  });
});
