import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A client certificate as API Gateway describes it to an authorizer (`requestContext.identity.clientCert`). */
export interface IssuedCertificate {
  readonly clientCertPem: string;
  readonly subjectDN: string;
  readonly issuerDN: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

/**
 * Real X.509 client certificates, issued by a throw-away private CA with the machine's openssl.
 * Each subject is given in openssl's `-subj` form (`/CN=portal/OU=customers`); the fields are read
 * back from the certificate by openssl: subject and issuer in RFC 2253 form, the serial in hex,
 * validity in the `MMM DD HH:MM:SS YYYY GMT` form API Gateway passes on.
 */
export function issueCertificates(subjects: readonly string[], caSubject = '/CN=Model Private CA/O=Example Corp'): IssuedCertificate[] {
  const dir = mkdtempSync(join(tmpdir(), 'client-certs-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
      '-days', '400', '-subj', caSubject);
    return subjects.map((subject, index) => {
      openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `c${index}.key`,
        '-out', `c${index}.csr`, '-subj', subject, '-multivalue-rdn', '-utf8');
      writeFileSync(join(dir, 'ext.cnf'), 'extendedKeyUsage = clientAuth\n');
      openssl('x509', '-req', '-in', `c${index}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', `0x${(0x1000 + index).toString(16)}a5`,
        '-days', '365', '-extfile', 'ext.cnf', '-out', `c${index}.pem`);
      const field = (option: string) => openssl('x509', '-in', `c${index}.pem`, '-noout', option, '-nameopt', 'RFC2253').trim()
        .replace(/^[a-zA-Z]+=/, '');
      return {
        clientCertPem: openssl('x509', '-in', `c${index}.pem`),
        subjectDN: field('-subject'),
        issuerDN: field('-issuer'),
        serialNumber: field('-serial'),
        notBefore: field('-startdate'),
        notAfter: field('-enddate'),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A self-signed CA certificate made by openssl (`req -x509`, whose v3_ca section says CA:TRUE), in PEM. */
export function certificateAuthorityPem(subject: string, keyOptions: readonly string[] = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']): string {
  const dir = mkdtempSync(join(tmpdir(), 'ca-'));
  try {
    return execFileSync('openssl', ['req', '-x509', ...keyOptions, '-nodes', '-keyout', join(dir, 'ca.key'), '-days', '400', '-subj', subject],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A certificate's subject and issuer as openssl renders them in RFC 2253 form (`-nameopt RFC2253`:
 * most significant RDN last, non-ASCII bytes escaped as `\XX`): API Gateway's `subjectDN` and
 * `issuerDN` for a certificate written some other way than by {@link issueCertificates}.
 */
export function opensslDistinguishedNames(pem: string): { readonly subjectDN: string; readonly issuerDN: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dn-'));
  try {
    writeFileSync(join(dir, 'c.pem'), pem);
    const field = (option: string) => execFileSync('openssl', ['x509', '-in', 'c.pem', '-noout', option, '-nameopt', 'RFC2253'],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().replace(/^[a-zA-Z]+=/, '');
    return { subjectDN: field('-subject'), issuerDN: field('-issuer') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
