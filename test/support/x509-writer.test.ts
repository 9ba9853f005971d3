import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BMP_STRING, writeCertificate } from './x509-writer';

/** The hand-written certificates are real ones: openssl reads them as written and verifies their chain. */
test('openssl reads a written chain (root, intermediate, client) and verifies it', () => {
  const root = writeCertificate({ subject: [[{ type: 'O', value: 'Example Corp' }], [{ type: 'CN', value: 'Root' }]], ca: true });
  const intermediate = writeCertificate({ subject: [[{ type: 'CN', value: 'Issuing CA' }]], issuer: root, ca: true });
  const client = writeCertificate({
    subject: [[{ type: 'OU', value: 'Sales, EU+West' }, { type: 'OU', value: '研究開発', tag: BMP_STRING }], [{ type: 'CN', value: 'a\u0000b' }]],
    issuer: intermediate,
    serialHex: '00A5',
  });
  const dir = mkdtempSync(join(tmpdir(), 'x509-writer-'));
  try {
    writeFileSync(join(dir, 'root.pem'), root.pem);
    writeFileSync(join(dir, 'intermediate.pem'), intermediate.pem);
    writeFileSync(join(dir, 'client.pem'), client.pem);
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8' }).trim();
    expect(openssl('verify', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', 'client.pem')).toBe('client.pem: OK');
    expect(openssl('x509', '-in', 'client.pem', '-noout', '-subject', '-issuer', '-serial', '-nameopt', 'RFC2253,-esc_msb'))
      .toBe('subject=CN=a\\00b,OU=Sales\\, EU\\+West+OU=研究開発\nissuer=CN=Issuing CA\nserial=A5');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
