/** Runs measure-variant.js in a fresh Node process per measurement. */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Measurement, MeasureRequest } from './measure-variant';

export interface ChildRunner {
  measure(variant: string, options?: { services?: number; nag?: boolean; report?: boolean }): Measurement;
  /** One run under `node --cpu-prof`; returns the profile file. */
  profile(variant: string, nag: boolean, name: string): string;
}

export function childRunner(root: string, buildDir: string): ChildRunner {
  const script = join(buildDir, 'bench', 'synth', 'measure-variant.js');
  const scratch = join(root, '.work', 'bench-synth-out');
  const profiles = join(root, '.work', 'bench-profiles');
  let runs = 0;

  const run = (request: Omit<MeasureRequest, 'outdir'>, nodeArgs: string[] = []): Measurement => {
    const outdir = join(scratch, `run-${runs++}`);
    try {
      const child = spawnSync(process.execPath, [...nodeArgs, script, JSON.stringify({ ...request, outdir })], {
        cwd: root,
        encoding: 'utf8',
        // The packs' pretty-printed report goes to stderr: written, as in a pipeline; kept only for errors.
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_NO_WARNINGS: '1' },
        maxBuffer: 256 * 1024 * 1024,
      });
      if (child.status !== 0) {
        throw new Error(`measuring ${request.variant} failed (${child.status ?? child.signal}):\n${child.stderr.slice(-3000)}`);
      }
      return JSON.parse(child.stdout.trim().split('\n').pop()!) as Measurement;
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  };

  return {
    measure: (variant, options = {}) => run({
      variant,
      services: options.services ?? 1,
      nag: options.nag ?? false,
      report: options.report ?? false,
    }),
    profile: (variant, nag, name) => {
      rmSync(join(profiles, name), { recursive: true, force: true });
      run({ variant, services: 1, nag, report: false }, ['--cpu-prof', `--cpu-prof-dir=${join(profiles, name)}`]);
      const file = readdirSync(join(profiles, name)).find((entry) => entry.endsWith('.cpuprofile'))!;
      return join(profiles, name, file);
    },
  };
}
