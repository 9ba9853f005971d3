/**
 * The compliance gate's wall time beside plain synthesis, as a pipeline runs them: `cdk synth` of a
 * TypeScript app (ts-node, transpile only) then the shipped CLI (`node bin/cdk-secure-serverless
 * check`, compiled lib/) over the assembly, each in a fresh process, rounds interleaved. Two apps:
 * the example app (one stack) and the synth benchmark's 50-service app (5 stacks). Writes
 * bench/results/gate.{json,md}. BENCH_ROUNDS sets the repetitions (default 3), BENCH_SERVICES the
 * scaled app's size (default 50). Needs `npx projen compile` and `npx projen examples:bundle` first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 50);

interface App {
  readonly name: string;
  readonly label: string;
  readonly script: string[];
}

const APPS: App[] = [
  { name: 'example', label: 'example app (examples/synth.ts)', script: ['examples/synth.ts'] },
  { name: `scaled${SERVICES}`, label: `${SERVICES}-service benchmark app (bench/synth, library-scaled)`, script: ['bench/gate/synth-scaled.ts', String(SERVICES)] },
];

const STEPS = ['synth', 'gateAllPacks', 'gateSecureServerless', 'gateAllPacksWithBaseline', 'baselineOnly'] as const;
type Step = typeof STEPS[number];

const STEP_LABELS: Record<Step, string> = {
  synth: 'synthesis (ts-node, as `cdk synth` runs a TypeScript app)',
  gateAllPacks: 'gate, all 7 packs, SARIF and JUnit written',
  gateSecureServerless: 'gate, SecureServerless only',
  gateAllPacksWithBaseline: 'gate, all 7 packs and the permission baseline compared',
  baselineOnly: 'of which the baseline step: read templates, derive rows, compare (in one process)',
};

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

/** Resources and stack templates (nested included) of an assembly, for the report. */
function assemblySize(outdir: string): { templates: number; resources: number } {
  const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json') && statSync(join(outdir, file)).isFile());
  const resources = templates.reduce((sum, file) => sum + Object.keys(JSON.parse(readFileSync(join(outdir, file), 'utf8')).Resources ?? {}).length, 0);
  return { templates: templates.length, resources };
}

function main(): void {
  const load = loadavg().map((value) => Math.round(value * 100) / 100);
  const samples: Record<string, Record<Step, number[]>> = {};
  const sizes: Record<string, { templates: number; resources: number; permissions: number }> = {};
  for (const app of APPS) {
    samples[app.name] = Object.fromEntries(STEPS.map((step) => [step, []])) as unknown as Record<Step, number[]>;
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const app of APPS) {
      const outdir = mkdtempSync(join(tmpdir(), `gate-bench-${app.name}-`));
      const baseline = join(outdir, 'iam-baseline.json');
      const times = samples[app.name];
      times.synth.push(seconds(() => execFileSync(join(ROOT, 'node_modules', '.bin', 'ts-node'),
        ['--transpile-only', '--project', 'tsconfig.dev.json', app.script[0], outdir, ...app.script.slice(1)], { cwd: ROOT, stdio: 'pipe' })));
      const check = (...args: string[]) => {
        try {
          execFileSync(process.execPath, [join(ROOT, 'bin', 'cdk-secure-serverless'), 'check', outdir, ...args], { cwd: ROOT, stdio: 'pipe' });
        } catch (error: any) {
          if (error.status !== 1) { // 1: findings or added access, which is a result, not a failure
            throw error;
          }
        }
      };
      // the baseline is the app's own: written untimed, then compared (no change, as in most pipeline runs)
      check('--packs', 'SecureServerless', '--write-baseline', baseline);
      times.gateAllPacks.push(seconds(() => check('--sarif', join(outdir, 'g.sarif'), '--junit', join(outdir, 'g.xml'))));
      times.gateSecureServerless.push(seconds(() => check('--packs', 'SecureServerless')));
      times.gateAllPacksWithBaseline.push(seconds(() => check('--baseline', baseline)));
      const baselineStep = JSON.parse(execFileSync(join(ROOT, 'node_modules', '.bin', 'ts-node'),
        ['--transpile-only', '--project', 'tsconfig.dev.json', 'bench/gate/baseline-step.ts', outdir, baseline, '3'], { cwd: ROOT, encoding: 'utf8' }));
      times.baselineOnly.push(Math.min(...baselineStep.millis) / 1000); // the first run loads the modules: the fastest is the step itself
      const size = assemblySize(outdir);
      sizes[app.name] = { ...size, permissions: JSON.parse(readFileSync(baseline, 'utf8')).permissions.length };
      rmSync(outdir, { recursive: true, force: true });
      console.log(`round ${round + 1} ${app.name}: ${STEPS.map((step) => `${step} ${times[step][round].toFixed(2)} s`).join(', ')}`);
    }
  }
  const medians = Object.fromEntries(APPS.map((app) => [app.name,
    Object.fromEntries(STEPS.map((step) => [step, median(samples[app.name][step])]))]));
  const results = {
    rounds: ROUNDS, cpus: cpus().length, node: process.version, loadAverageAtStart: load, assemblies: sizes, medianSeconds: medians, samples,
  };
  writeFileSync(join(ROOT, 'bench', 'results', 'gate.json'), JSON.stringify(results, undefined, 2) + '\n');

  const cell = (values: number[]) => `${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
  writeFileSync(join(ROOT, 'bench', 'results', 'gate.md'), [
    '# Compliance gate wall time beside synthesis',
    '',
    `${ROUNDS} interleaved rounds, each step a fresh process, Node ${process.version}; ${cpus().length} CPUs shared with other work, load average at start ${load.join(' ')}.`,
    'Seconds: median (min–max) over the rounds. The baseline step is timed inside one process (best of 3 per round), apart from process start and the packs.',
    '',
    `| step | ${APPS.map((app) => app.label).join(' | ')} |`,
    `|---|${APPS.map(() => '---').join('|')}|`,
    `| assembly | ${APPS.map((app) => `${sizes[app.name].templates} templates, ${sizes[app.name].resources} resources, ${sizes[app.name].permissions} permission rows`).join(' | ')} |`,
    ...STEPS.map((step) => `| ${STEP_LABELS[step]} | ${APPS.map((app) => cell(samples[app.name][step])).join(' | ')} |`),
    '',
  ].join('\n'));
}

main();
