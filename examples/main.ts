/**
 * The main job: synthesize the example app with every cdk-nag pack and the library's pack
 * registered, then print a short compliance summary. Exits non-zero when any pack reports an
 * unacknowledged error.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { kmsKeyCount, packCounts, RecordingPlugin, templatesIn, wildcardResourceStatements } from './compliance-summary';
import { findingsApp, HANDLERS_DIR } from './findings-app';

const root = join(__dirname, '..');
const outdir = join(root, 'cdk.out');

function main(): number {
  if (!existsSync(join(HANDLERS_DIR, 'ingest', 'index.js'))) {
    throw new Error('the example handlers are not bundled: run `npx projen examples:bundle` first');
  }
  rmSync(outdir, { recursive: true, force: true });
  const plugins: RecordingPlugin[] = [];
  const { app, api } = findingsApp({
    outdir,
    wrapPack: (pack) => {
      const plugin = new RecordingPlugin(pack);
      plugins.push(plugin);
      return plugin;
    },
  });
  app.synth();
  process.exitCode = 0; // CDK sets 1 when validation fails; the summary below decides.

  const counts = packCounts(plugins, app);
  const templates = templatesIn(outdir);
  const wildcards = wildcardResourceStatements(templates);

  console.log('\nCompliance summary (example app: the findings service)');
  console.log('  pack                 errors  warnings  acknowledgements');
  for (const count of counts) {
    console.log(`  ${count.pack.padEnd(20)} ${String(count.errors).padStart(6)}  ${String(count.warnings).padStart(8)}  ${String(count.acknowledgements).padStart(16)}`);
  }
  console.log(`  KMS keys created: ${kmsKeyCount(templates)} (one per use)`);
  console.log(`  IAM Allow statements with a '*' resource: ${wildcards.length}`);
  for (const statement of wildcards) {
    console.log(`    ${statement.resource}: ${statement.actions.join(', ')} (actions AWS offers no resource-level permissions for)`);
  }
  console.log(`  a removed OU mapping is honoured for at most ${api.maxMappingStalenessSeconds} s, a revoked certificate for at most ` +
    `${api.maxRevocationDelaySeconds} s (API Gateway's authorizer cache TTL + the authorizer's own); decisions are per certificate and route`);
  const skipList = (file: string) => JSON.parse(readFileSync(join(root, 'test', 'compliance', file), 'utf8')).length;
  console.log(`  scanner skip lists (reasoned, pinned; scans run by the test command): checkov ${skipList('checkov-skips.json')}, ` +
    `Control Tower cfn-guard ${skipList('guard-skips.json')}`);
  console.log(`  templates: ${Object.keys(templates).map((file) => relative(root, join(outdir, file))).join(', ')}`);
  const reportFile = join(outdir, 'compliance-report.json');
  writeFileSync(reportFile, JSON.stringify({
    packs: counts,
    kmsKeys: kmsKeyCount(templates),
    maxMappingStalenessSeconds: api.maxMappingStalenessSeconds,
    maxRevocationDelaySeconds: api.maxRevocationDelaySeconds,
    wildcardResourceStatements: wildcards,
    reports: plugins.map((plugin) => ({ pack: plugin.name, ...plugin.report })),
  }, null, 2));
  console.log(`  full report: ${relative(root, reportFile)}`);

  const errors = counts.reduce((sum, count) => sum + count.errors, 0);
  console.log(errors === 0 ? '  result: no unacknowledged errors' : `  result: ${errors} unacknowledged errors`);
  return errors === 0 ? 0 : 1;
}

process.exitCode = main();
