import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a self-signed certificate made by `selfSignedCertificate` looks like. */
export interface SelfSignedOptions {
  /** openssl `-subj` form, e.g. `/CN=Example Root CA/O=Example Corp`. */
  readonly subject: string;
  /** The key: an EC curve (`P-256`, `P-384`, `secp256k1`) or `rsa:<bits>`. Default P-256. */
  readonly key?: string;
  /** Basic constraints CA:TRUE (default) or CA:FALSE. */
  readonly ca?: boolean;
  /** Validity as openssl `YYYYMMDDHHMMSSZ`; default from now for 400 days. */
  readonly startDate?: string;
  readonly endDate?: string;
}

const CONFIG = `
[ca]
default_ca = self
[self]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
`;

/**
 * A real self-signed X.509 certificate in PEM, made by the machine's openssl (`openssl ca
 * -selfsign`, which, unlike `req -x509` in OpenSSL 3.0, takes explicit validity dates, so expired
 * CAs can be made too).
 */
export function selfSignedCertificate(options: SelfSignedOptions): string {
  const dir = mkdtempSync(join(tmpdir(), 'ca-cert-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    writeFileSync(join(dir, 'ca.cnf'), CONFIG);
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '1000\n');
    const key = options.key ?? 'P-256';
    const keyArgs = key.startsWith('rsa:') ? ['-newkey', key] : ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${key}`];
    openssl('req', '-new', ...keyArgs, '-nodes', '-keyout', 'key.pem', '-out', 'req.csr', '-subj', options.subject);
    const validity = options.startDate || options.endDate
      ? ['-startdate', options.startDate ?? '20200101000000Z', '-enddate', options.endDate ?? '20991231000000Z']
      : ['-days', '400'];
    openssl('ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'key.pem', '-in', 'req.csr', '-notext',
      '-extensions', options.ca === false ? 'leaf_ext' : 'ca_ext', ...validity, '-out', 'cert.pem');
    return readFileSync(join(dir, 'cert.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
