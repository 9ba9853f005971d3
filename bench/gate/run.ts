/**
 * The compliance gate's wall time on the example app beside plain synthesis, as a pipeline runs
 * them: `cdk synth` of a TypeScript app (ts-node, transpile only) then the shipped CLI (`node
 * bin/cdk-secure-serverless check`, compiled lib/) over the assembly, each in a fresh process,
 * rounds interleaved. Writes bench/results/gate.{json,md}. BENCH_ROUNDS sets the repetitions.
 * Needs `npx projen compile` and `npx projen bundle examples:bundle` first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function seconds(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function main(): void {
  const load = loadavg().map((value) => Math.round(value * 100) / 100);
  const synth: number[] = [];
  const gateAll: number[] = [];
  const gateOwn: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const outdir = mkdtempSync(join(tmpdir(), 'gate-bench-'));
    synth.push(seconds(() => execFileSync(join(ROOT, 'node_modules', '.bin', 'ts-node'),
      ['--transpile-only', '--project', 'tsconfig.dev.json', 'examples/synth.ts', outdir], { cwd: ROOT, stdio: 'pipe' })));
    const check = (...packs: string[]) => execFileSync(process.execPath,
      [join(ROOT, 'bin', 'cdk-secure-serverless'), 'check', outdir, ...packs, '--sarif', join(outdir, 'g.sarif'), '--junit', join(outdir, 'g.xml')],
      { cwd: ROOT, stdio: 'pipe' });
    gateAll.push(seconds(() => check()));
    gateOwn.push(seconds(() => check('--packs', 'SecureServerless')));
    rmSync(outdir, { recursive: true, force: true });
    console.log(`round ${round + 1}: synth ${synth[round].toFixed(2)} s, gate (all packs) ${gateAll[round].toFixed(2)} s, gate (SecureServerless) ${gateOwn[round].toFixed(2)} s`);
  }
  const results = {
    rounds: ROUNDS,
    cpus: cpus().length,
    loadAverageAtStart: load,
    medianSeconds: { synth: median(synth), gateAllPacks: median(gateAll), gateSecureServerless: median(gateOwn) },
    samples: { synth, gateAllPacks: gateAll, gateSecureServerless: gateOwn },
  };
  writeFileSync(join(ROOT, 'bench', 'results', 'gate.json'), JSON.stringify(results, undefined, 2) + '\n');
  const row = (label: string, values: number[]) =>
    `| ${label} | ${median(values).toFixed(2)} | ${Math.min(...values).toFixed(2)} | ${Math.max(...values).toFixed(2)} |`;
  writeFileSync(join(ROOT, 'bench', 'results', 'gate.md'), [
    '# Compliance gate wall time on the example app',
    '',
    `${ROUNDS} interleaved rounds, each step a fresh process; ${cpus().length} CPUs shared with other work, load average at start ${load.join(' ')}.`,
    '',
    '| step | median s | min s | max s |',
    '|---|---|---|---|',
    row('synthesis (`examples/synth.ts` with ts-node, as `cdk synth` runs a TypeScript app)', synth),
    row('gate, all 7 packs, SARIF and JUnit written', gateAll),
    row('gate, SecureServerless only', gateOwn),
    '',
  ].join('\n'));
}

main();
