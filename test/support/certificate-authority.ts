import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IssuedCertificate } from './certificates';

/** The key a test CA signs with. */
export type CaKeyType = 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'ed25519';

/** When a CRL says it was issued and when the next is due. */
export interface CrlTimes {
  readonly lastUpdate: Date;
  readonly nextUpdate: Date;
}

/**
 * A throw-away certificate authority run by the machine's openssl, for revocation tests: it issues
 * client certificates (`openssl x509 -req`), revokes serial numbers (lines in its `openssl ca`
 * database) and publishes CRLs with `openssl ca -gencrl`. Nothing here is computed by the code
 * under test.
 */
export class TestCertificateAuthority {
  public static create(subject: string, keyType: CaKeyType = 'ec-p256'): TestCertificateAuthority {
    return new TestCertificateAuthority(subject, keyType);
  }

  /** Another CA certificate, with another subject, for the same key as `ca` (a CRL it signs verifies with `ca`'s key). */
  public static renamed(ca: TestCertificateAuthority, subject: string): TestCertificateAuthority {
    return new TestCertificateAuthority(subject, 'ec-p256', ca);
  }

  /** The CA's certificate, PEM. */
  public readonly certificatePem: string;
  private readonly dir: string;
  private readonly revoked: string[] = [];

  private constructor(subject: string, keyType: CaKeyType, sameKeyAs?: TestCertificateAuthority) {
    this.dir = mkdtempSync(join(tmpdir(), 'test-ca-'));
    writeFileSync(join(this.dir, 'index.txt'), '');
    writeFileSync(join(this.dir, 'crlnumber'), '01\n');
    writeFileSync(join(this.dir, 'ca.cnf'), [
      '[ ca ]', 'default_ca = test_ca', '[ test_ca ]',
      `dir = ${this.dir}`, 'database = $dir/index.txt', 'crlnumber = $dir/crlnumber', 'certificate = $dir/ca.pem',
      'private_key = $dir/ca.key', 'default_md = sha256', 'default_crl_days = 7', 'crl_extensions = crl_ext',
      '[ crl_ext ]', 'authorityKeyIdentifier = keyid:always',
      '[ req ]', 'distinguished_name = dn', '[ dn ]',
      '[ v3_ca ]', 'basicConstraints = critical, CA:TRUE', 'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      '[ v3_leaf ]', 'basicConstraints = critical, CA:FALSE', 'extendedKeyUsage = clientAuth', '',
    ].join('\n'));
    const keyOptions = keyType === 'rsa-2048' ? ['-newkey', 'rsa:2048'] : keyType === 'ed25519' ? ['-newkey', 'ed25519']
      : ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${keyType === 'ec-p384' ? 'P-384' : 'P-256'}`];
    if (sameKeyAs) {
      writeFileSync(join(this.dir, 'ca.key'), readFileSync(join(sameKeyAs.dir, 'ca.key')));
      this.openssl('req', '-x509', '-key', 'ca.key', '-out', 'ca.pem', '-days', '400',
        '-subj', subject, '-config', 'ca.cnf', '-extensions', 'v3_ca');
    } else {
      this.openssl('req', '-x509', ...keyOptions, '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '400',
        '-subj', subject, '-config', 'ca.cnf', '-extensions', 'v3_ca');
    }
    this.certificatePem = readFileSync(join(this.dir, 'ca.pem'), 'utf8');
  }

  /** A certificate for one CSR-less leaf (not CA) with this serial (hex), as API Gateway describes it. */
  public issue(subject: string, serialHex: string): IssuedCertificate {
    this.openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key',
      '-out', 'leaf.csr', '-subj', subject, '-multivalue-rdn');
    this.openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', `0x${serialHex}`,
      '-days', '365', '-extfile', 'ca.cnf', '-extensions', 'v3_leaf', '-out', 'leaf.pem');
    const field = (option: string) => this.openssl('x509', '-in', 'leaf.pem', '-noout', option, '-nameopt', 'RFC2253').trim()
      .replace(/^[a-zA-Z]+=/, '');
    return {
      clientCertPem: this.openssl('x509', '-in', 'leaf.pem'),
      subjectDN: field('-subject'),
      issuerDN: field('-issuer'),
      serialNumber: field('-serial'),
      notBefore: field('-startdate'),
      notAfter: field('-enddate'),
    };
  }

  /** Puts serial numbers (hex) on the CA's revocation database, as `openssl ca -revoke` would. */
  public revoke(...serialsHex: string[]): void {
    this.revoked.push(...serialsHex.map((serial) => {
      const even = serial.toUpperCase().length % 2 === 0 ? serial.toUpperCase() : `0${serial.toUpperCase()}`;
      return `R\t351231235959Z\t250101000000Z\t${even}\tunknown\t/CN=revoked ${even}`;
    }));
    writeFileSync(join(this.dir, 'index.txt'), this.revoked.map((line) => `${line}\n`).join(''));
  }

  /** A CRL of every serial revoked so far, signed by this CA (DER unless `pem`). */
  public crl(options: { times?: CrlTimes; pem?: boolean; digest?: 'sha256' | 'sha384' | 'sha512' } = {}): Buffer {
    const times = options.times ? ['-crl_lastupdate', utcTime(options.times.lastUpdate), '-crl_nextupdate', utcTime(options.times.nextUpdate)] : [];
    this.openssl('ca', '-config', 'ca.cnf', '-gencrl', '-md', options.digest ?? 'sha256', ...times, '-out', 'crl.pem');
    if (options.pem) {
      return readFileSync(join(this.dir, 'crl.pem'));
    }
    this.openssl('crl', '-in', 'crl.pem', '-outform', 'DER', '-out', 'crl.der');
    return readFileSync(join(this.dir, 'crl.der'));
  }

  /** Removes the CA's files. */
  public dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private openssl(...args: string[]): string {
    return execFileSync('openssl', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }
}

/** `YYYYMMDDHHMMSSZ`, which `openssl ca -crl_lastupdate` takes. */
function utcTime(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
