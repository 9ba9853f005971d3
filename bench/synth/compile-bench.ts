/**
 * Compiles src/, examples/ and bench/synth/ to plain CommonJS under .work/bench-build/ (esbuild,
 * file by file, no bundling), so the benchmark times Node running JavaScript rather than ts-node.
 * The assets the code finds through __dirname are linked into the same layout.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildSync } from 'esbuild';

export const BENCH_BUILD = '.work/bench-build';

export function compileBench(root: string): string {
  const outdir = join(root, BENCH_BUILD);
  rmSync(outdir, { recursive: true, force: true });
  const entryPoints = [
    ...typescriptFiles(join(root, 'src')).filter((file) => !file.endsWith('.lambda.ts')),
    ...typescriptFiles(join(root, 'examples')).filter((file) => !file.includes('/lambda/')),
    ...typescriptFiles(join(root, 'bench', 'synth')),
  ];
  buildSync({
    entryPoints,
    outdir,
    outbase: root,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  link(join(root, 'assets'), join(outdir, 'assets'));
  link(join(root, 'examples', 'dist'), join(outdir, 'examples', 'dist'));
  return outdir;
}

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.split('/').includes('dist'))
    .map((file) => join(dir, file));
}

function link(target: string, path: string): void {
  if (!existsSync(target)) {
    throw new Error(`${target} is missing: run \`npx projen bundle\` and \`npx projen examples:bundle\` first (\`npx projen bench:synth\` does)`);
  }
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(relative(dirname(path), target), path);
}
