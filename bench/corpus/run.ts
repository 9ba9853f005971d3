import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { cfnResources, includeTemplate } from './load-template';
import { renderMarkdown } from './report-markdown';
import { CorpusResults, FindingLabel, PackSummary } from './results-model';
import { isCrash, OUR_PACK, PackRunner, RuleThrow } from './run-packs';
import { pickSample, precisionPerRule, sampleKey } from './sample';
import { findSources } from './sources';
import { synthesizeApp } from './synth-app';
import { ComplianceGate } from '../../src';

/**
 * The corpus run (issue 15): SecureServerlessChecks and every cdk-nag pack over public templates
 * and CDK apps no one here wrote. `npx projen corpus <dir>`; writes bench/results/corpus.{json,md}.
 * The corpus stays outside the repository: only figures, rule ids and resource types are written.
 */
const ROOT = resolve(__dirname, '..', '..');
const RESULTS = join(ROOT, 'bench', 'results');
const LABELS = join(__dirname, 'labels.json');

/** One template loaded into a stack, ready for the packs. */
interface Unit {
  readonly id: string;
  readonly stack: Stack;
}

/** One of our findings that a rule reported (not a throw), where a label can find it again. */
export interface OurFinding {
  readonly unit: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly rule: string;
}

function main(): void {
  const dir = resolve(process.argv[2] ?? '.work/corpus');
  const sources = findSources(dir);
  const count = (tally: Record<string, number>, key: string, by = 1) => { tally[key] = (tally[key] ?? 0) + by; };

  const notLoaded: Record<string, number> = {};
  const notBuilt: Record<string, number> = {};
  const units: (() => Unit | undefined)[] = [];
  const samTemplates = sources.templates.filter((t) => t.sam);
  let loaded = 0;
  for (const template of sources.templates.filter((t) => !t.sam)) {
    units.push(() => {
      try {
        const stack = includeTemplate(template.path, template.format);
        loaded++;
        return { id: template.id, stack };
      } catch (error) {
        count(notLoaded, loadFailure(error as Error));
        return undefined;
      }
    });
  }
  let built = 0;
  let appStacks = 0;
  for (const app of sources.apps) {
    const synthesis = synthesizeApp(app);
    process.stderr.write(`app ${basename(app)}: ${synthesis.built ? 'built' : synthesis.reason}\n`);
    if (!synthesis.built) {
      count(notBuilt, synthesis.reason);
      continue;
    }
    built++;
    for (const template of synthesis.templates) {
      units.push(() => {
        try {
          const stack = includeTemplate(template, 'json');
          appStacks++;
          return { id: `app:${relative(dir, app)}/${basename(template)}`, stack };
        } catch (error) {
          count(notBuilt, `stack not loadable: ${loadFailure(error as Error)}`);
          return undefined;
        }
      });
    }
  }

  const runner = new PackRunner(ComplianceGate.nagPacks());
  const summaries = new Map<string, { findings: number; perRule: Record<string, number>; throws: number; crashes: number; millis: number }>();
  const resourceTypes: Record<string, number> = {};
  const crashes: RuleThrow[] = [];
  const ourUnvalidatable: Record<string, number> = {};
  const ourFindings: OurFinding[] = [];
  let resources = 0;
  let warm = false;
  for (const makeUnit of units) {
    const unit = makeUnit();
    if (!unit) continue;
    if (!warm) {
      // The first run loads each pack's rules (aws-cdk-lib loads modules lazily): not timed.
      runner.run(unit.stack);
      warm = true;
    }
    const typeOf = new Map(cfnResources(unit.stack).map((r) => [r.node.path, r.cfnResourceType]));
    resources += typeOf.size;
    for (const type of typeOf.values()) count(resourceTypes, type);
    for (const run of runner.run(unit.stack)) {
      const summary = summaries.get(run.pack) ?? { findings: 0, perRule: {}, throws: 0, crashes: 0, millis: 0 };
      summaries.set(run.pack, summary);
      summary.millis += run.millis;
      if (run.crash) {
        summary.crashes++;
        crashes.push({ pack: run.pack, rule: '(validateScope)', path: unit.id, resourceType: '-', unvalidatable: false, message: run.crash.split('\n')[0] });
      }
      const thrown = new Set(run.throws.map((t) => `${t.rule}@${t.path}`));
      summary.throws += run.throws.length;
      for (const t of run.throws) {
        if (isCrash(t, OUR_PACK)) {
          summary.crashes++;
          crashes.push({ ...t, path: unit.id });
        } else if (t.pack === OUR_PACK) {
          count(ourUnvalidatable, t.rule);
        }
      }
      for (const finding of run.findings) {
        if (thrown.has(`${finding.rule}@${finding.path}`)) continue;
        summary.findings++;
        count(summary.perRule, finding.rule.replace(/\[.*$/, ''));
        if (run.pack === OUR_PACK) {
          ourFindings.push({ unit: unit.id, logicalId: finding.path.split('/').pop() ?? '?', resourceType: typeOf.get(finding.path) ?? '?', rule: finding.rule });
        }
      }
    }
  }

  const labels: FindingLabel[] = existsSync(LABELS) ? JSON.parse(readFileSync(LABELS, 'utf8')) : [];
  const sample = pickSample(ourFindings);
  const labelled = new Map(labels.map((label) => [sampleKey(label), label]));
  const sampleLabels = sample.map((finding) => labelled.get(sampleKey(finding))).filter((l): l is FindingLabel => l !== undefined);
  const unlabelled = sample.filter((finding) => !labelled.has(sampleKey(finding)));
  // Labels of findings the pack no longer reports: the false positives a fix removed.
  const reported = new Set(ourFindings.map(sampleKey));
  const resolved = labels.filter((label) => !reported.has(sampleKey(label)));
  writeFileSync(join(dir, 'to-label.json'), JSON.stringify(unlabelled, undefined, 2));

  const packs: PackSummary[] = [...summaries.entries()].map(([pack, s]) => ({
    pack,
    findings: s.findings,
    findingsPerRule: sortedTally(s.perRule),
    couldNotBeValidated: s.throws - s.crashes,
    crashes: s.crashes,
    millis: round(s.millis),
    millisPer1000Resources: round((s.millis / Math.max(resources, 1)) * 1000),
  }));
  const results: CorpusResults = {
    date: new Date().toISOString().slice(0, 10),
    sources: existsSync(join(dir, 'SOURCES')) ? readFileSync(join(dir, 'SOURCES'), 'utf8').split('\n').filter(Boolean) : [],
    templates: {
      found: sources.templates.length,
      samSkipped: samTemplates.length,
      tried: sources.templates.length - samTemplates.length,
      loaded,
      notLoaded: sortedTally(notLoaded),
    },
    apps: { tried: sources.apps.length, built, notBuilt: sortedTally(notBuilt), stacks: appStacks },
    resourcesChecked: resources,
    resourceTypes: sortedTally(resourceTypes),
    packs,
    crashes: crashes.map((c) => ({ rule: c.rule, resourceType: c.resourceType, message: c.message.replace(/Corpus\/Template\/\S+/g, '<resource>') })),
    ourUnvalidatable: sortedTally(ourUnvalidatable),
    sample: {
      labels: sampleLabels,
      precisionPerRule: precisionPerRule(sampleLabels),
      unlabelled: unlabelled.length,
      noLongerReported: resolved,
      precisionBeforeFixes: precisionPerRule(labels),
    },
  };
  writeFileSync(join(RESULTS, 'corpus.json'), JSON.stringify(results, undefined, 2) + '\n');
  writeFileSync(join(RESULTS, 'corpus.md'), renderMarkdown(results));
  process.stderr.write(`${loaded} templates, ${built} apps, ${resources} resources, ${crashes.length} crashes, ${unlabelled.length} sampled findings unlabelled (${join(dir, 'to-label.json')})\n`);
}

/** A short category for a template CfnInclude could not load. */
function loadFailure(error: Error): string {
  return error.message.split('\n')[0].replace(/'[^']*'/g, "'…'").replace(/"[^"]*"/g, '"…"').slice(0, 120);
}

function sortedTally(tally: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(tally).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

main();
