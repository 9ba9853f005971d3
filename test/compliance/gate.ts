/**
 * The compliance gate: cfn-lint and checkov, the scanners users run, over every synthesized
 * template of the per-construct fixtures (and the example app, when given its cdk.out).
 * Fails on any cfn-lint error or warning and any checkov failure not in the reasoned skip list.
 *
 *   ts-node test/compliance/gate.ts [extra cdk.out dirs...]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { fixtureApp } from './fixtures';
import { guardSkips, RecordingGuard } from './guard';
import { findingsApp } from '../../examples/findings-app';

const root = join(__dirname, '..', '..');
const workdir = join(root, '.work', 'compliance');

/** One accepted checkov failure: one check on one resource (glob) of one template, with the reason. */
interface CheckovSkip { readonly id: string; readonly template: string; readonly resource: string; readonly reason: string }

function isSkipped(skips: CheckovSkip[], id: string, template: string, resource: string): boolean {
  const glob = (pattern: string) => new RegExp('^' + pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return skips.some((skip) => skip.id === id && glob(skip.template).test(template) && glob(skip.resource).test(resource));
}

export function checkovSkips(): CheckovSkip[] {
  return JSON.parse(readFileSync(join(__dirname, 'checkov-skips.json'), 'utf8'));
}

function templatesIn(dir: string): string[] {
  return readdirSync(dir).filter((file) => file.endsWith('.template.json')).map((file) => join(dir, file));
}

function cfnLint(bin: string, templates: string[]): string[] {
  const result = spawnSync(join(bin, 'cfn-lint'), ['--format', 'json', '--', ...templates], { encoding: 'utf8' });
  const matches: any[] = result.stdout.trim() ? JSON.parse(result.stdout) : [];
  if (result.status !== 0 && matches.length === 0) {
    throw new Error(`cfn-lint failed to run: ${result.stderr}`);
  }
  return matches.map((match) =>
    `${match.Level} ${match.Rule.Id} ${relative(root, match.Filename)}:${match.Location.Start.LineNumber} ${match.Message}`);
}

function checkov(bin: string, templates: string[], skips: CheckovSkip[]): { failures: string[]; passed: number; skipped: number } {
  // --skip-download: no call home for guideline links; the checks themselves ship in the package.
  const args = ['--framework', 'cloudformation', '--output', 'json', '--quiet', '--compact', '--soft-fail', '--skip-download'];
  for (const template of templates) {
    args.push('--file', template);
  }
  const stdout = execFileSync(join(bin, 'checkov'), args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const reports = [JSON.parse(stdout)].flat();
  const failures: string[] = [];
  let passed = 0;
  let skipped = 0;
  for (const report of reports) {
    passed += report.summary?.passed ?? 0;
    skipped += report.summary?.skipped ?? 0;
    for (const check of report.results?.failed_checks ?? []) {
      const template = basename(check.file_abs_path ?? check.file_path, '.template.json');
      if (isSkipped(skips, check.check_id, template, check.resource)) {
        skipped += 1;
        continue;
      }
      failures.push(`${check.check_id} ${check.resource} ${relative(root, check.file_abs_path ?? check.file_path)}: ${check.check_name}`);
    }
  }
  return { failures, passed, skipped };
}

/** CDK prints every plugin's full report while synthesizing; the gate prints its own summary. */
function quietly(synth: () => void): void {
  const error = console.error;
  console.error = () => undefined;
  try {
    synth();
  } finally {
    console.error = error;
  }
}

function main(extraDirs: string[]): number {
  rmSync(workdir, { recursive: true, force: true });
  mkdirSync(workdir, { recursive: true });
  const fixtures = join(workdir, 'fixtures.out');
  const guards = [new RecordingGuard(), new RecordingGuard()];
  const fixtureApps = fixtureApp(fixtures);
  Validations.of(fixtureApps).addPlugins(guards[0]);
  quietly(() => fixtureApps.synth());
  const example = join(workdir, 'example.out');
  const exampleApp = findingsApp({ outdir: example, registerPacks: false }).app;
  Validations.of(exampleApp).addPlugins(guards[1]);
  quietly(() => exampleApp.synth());
  process.exitCode = 0; // CDK sets 1 when a plugin reports findings; they are judged below against the skip list.
  const templates = [fixtures, example, ...extraDirs].flatMap(templatesIn);

  const bin = execFileSync(join(root, 'scripts', 'python-tools.sh'), { encoding: 'utf8' }).trim();
  const lint = cfnLint(bin, templates);
  const skips = checkovSkips();
  const scan = checkov(bin, templates, skips);
  const controlTowerSkips = guardSkips();
  const guard = guards.map((recorder) => recorder.findings(controlTowerSkips))
    .reduce((all, one) => ({ failures: [...all.failures, ...one.failures], skipped: all.skipped + one.skipped }));

  const summary = {
    templates: templates.map((template) => relative(root, template)),
    cfnLint: { findings: lint },
    checkov: { passed: scan.passed, failed: scan.failures.length, skipped: scan.skipped, skipList: skips.length, failures: scan.failures },
    controlTower: { failed: guard.failures.length, skipped: guard.skipped, skipList: controlTowerSkips.length, failures: guard.failures },
  };
  writeFileSync(join(workdir, 'summary.json'), JSON.stringify(summary, null, 2));
  console.log(`compliance gate: ${templates.length} templates`);
  console.log(`  cfn-lint: ${lint.length} errors/warnings`);
  console.log(`  checkov:  ${scan.passed} passed, ${scan.failures.length} failed, ${scan.skipped} skipped (${skips.length} entries in the reasoned skip list)`);
  console.log(`  cfn-guard (Control Tower proactive controls): ${guard.failures.length} failed, ${guard.skipped} skipped (${controlTowerSkips.length} entries in the reasoned skip list)`);
  for (const line of [...lint, ...scan.failures, ...guard.failures]) {
    console.log(`  ✗ ${line}`);
  }
  console.log(`  report: ${relative(root, join(workdir, 'summary.json'))}`);
  return lint.length + scan.failures.length + guard.failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
