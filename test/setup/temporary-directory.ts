import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * One temporary directory for a whole jest run, removed when the run ends. The tests write many
 * throw-away directories (every CDK App without an outdir synthesizes into a new `cdk.out*` under
 * os.tmpdir(); the gate tests write templates and reports; openssl writes keys); pointing TMPDIR
 * here before any test file loads sends them all into it, so a run leaves nothing behind.
 * Jest starts its workers after the global setup, and they inherit its environment.
 */

const RUN_DIRECTORY_ENV = 'CDK_SECURE_SERVERLESS_TEST_TMPDIR';

/** jest globalSetup: make the run's directory and make it every process's TMPDIR. */
export function useRunDirectory(): void {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-secure-serverless-tests-'));
  process.env[RUN_DIRECTORY_ENV] = dir;
  process.env.TMPDIR = dir;
}

/** jest globalTeardown: remove the run's directory and everything in it. */
export function removeRunDirectory(): void {
  const dir = process.env[RUN_DIRECTORY_ENV];
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
}
