import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const SYNTH_TIMEOUT_MS = 180_000;

export type AppSynthesis =
  | { readonly built: true; readonly templates: string[] }
  | { readonly built: false; readonly reason: string };

/**
 * Synthesizes a CDK app against this repository's aws-cdk-lib: its `cdk.json` entry file runs
 * under ts-node (transpile only) in a child process with NODE_PATH on our node_modules and the
 * cloud assembly written to a scratch directory, as `cdk synth` would. Apps that need packages
 * we don't have, Docker, or a newer aws-cdk-lib fail here and are counted, not fixed.
 */
export function synthesizeApp(dir: string): AppSynthesis {
  const entry = entryFile(dir);
  if (!entry) return { built: false, reason: 'no TypeScript entry in cdk.json' };
  const outdir = mkdtempSync(join(tmpdir(), 'corpus-app-'));
  const context = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf8')).context ?? {};
  const run = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), entry], {
    cwd: dir,
    timeout: SYNTH_TIMEOUT_MS,
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_PATH: join(ROOT, 'node_modules'),
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      CDK_DEFAULT_ACCOUNT: '123456789012',
      CDK_DEFAULT_REGION: 'us-east-1',
      // The apps' own tsconfigs target NodeNext modules and their own type roots; transpile as CommonJS.
      TS_NODE_SKIP_PROJECT: 'true',
      TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: 'commonjs', target: 'es2022', esModuleInterop: true }),
    },
  });
  if (run.status !== 0) return { built: false, reason: failureReason(run.stderr ?? '', run.error) };
  const templates = existsSync(outdir)
    ? readdirSync(outdir).filter((file) => file.endsWith('.template.json')).map((file) => join(outdir, file))
    : [];
  if (templates.length === 0) return { built: false, reason: 'synthesized no stack' };
  return { built: true, templates };
}

function entryFile(dir: string): string | undefined {
  const command: string = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf8')).app ?? '';
  const entry = command.split(/\s+/).find((word) => word.endsWith('.ts'));
  return entry && existsSync(join(dir, entry)) ? entry : undefined;
}

/** One short category per failure, so the report can count why apps did not build. */
function failureReason(stderr: string, error?: Error): string {
  if (error) return error.message.includes('ETIMEDOUT') ? 'timed out' : error.message.split('\n')[0];
  const missing = /Cannot find module '([^']+)'/.exec(stderr);
  if (missing) return `missing module ${missing[1].startsWith('.') ? '(relative)' : missing[1]}`;
  if (/docker/i.test(stderr)) return 'needs Docker';
  // aws-cdk-lib's errors read `«Code» message`; others `TypeError: message`. Paths are this machine's.
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('/'));
  const line = lines.find((l) => /«\w+»|\w*Error\b/.test(l)) ?? lines[0] ?? 'failed';
  return line.replace(/\/\S+/g, '<path>').slice(0, 160);
}
