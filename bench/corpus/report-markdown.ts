import { CorpusResults } from './results-model';

/** bench/results/corpus.md: the figures of corpus.json, for people. */
export function renderMarkdown(r: CorpusResults): string {
  const ours = r.packs.find((p) => p.pack === 'SecureServerless');
  const tally = (t: Record<string, number>) => Object.entries(t).map(([k, v]) => `| ${k} | ${v} |`).join('\n') || '| (none) | 0 |';
  const lines = [
    '# Corpus run: SecureServerlessChecks and the cdk-nag packs on public templates and apps',
    '',
    `Run of ${r.date} (\`npx projen corpus <dir>\`, bench/corpus/). Sources (not in this repository): ${r.sources.join('; ') || 'see corpus.json'}.`,
    '',
    '## What was checked',
    '',
    '| | count |',
    '|---|---|',
    `| template files found | ${r.templates.found} |`,
    `| SAM templates skipped (need the transform) | ${r.templates.samSkipped} |`,
    `| plain templates tried | ${r.templates.tried} |`,
    `| plain templates loaded (cloudformation-include) | ${r.templates.loaded} |`,
    `| CDK apps tried | ${r.apps.tried} |`,
    `| CDK apps synthesized against our aws-cdk-lib | ${r.apps.built} (${r.apps.stacks} stacks) |`,
    `| resources checked | ${r.resourcesChecked} |`,
    '',
    'Templates not loaded, by reason:',
    '',
    '| reason | templates |',
    '|---|---|',
    tally(r.templates.notLoaded),
    '',
    'Apps not built, by reason:',
    '',
    '| reason | apps |',
    '|---|---|',
    tally(r.apps.notBuilt),
    '',
    '## Packs',
    '',
    'Time is `validateScope` over every loaded stack, one pack after another in one process (2 shared cores).',
    '',
    '| pack | findings | could not be validated | crashes | ms per 1,000 resources |',
    '|---|---|---|---|---|',
    ...r.packs.map((p) => `| ${p.pack} | ${p.findings} | ${p.couldNotBeValidated} | ${p.crashes} | ${p.millisPer1000Resources} |`),
    '',
    '## SecureServerlessChecks findings per rule, with the labelled sample',
    '',
    '| rule | findings | could not be validated | labelled | true positives | precision |',
    '|---|---|---|---|---|---|',
    ...Object.entries(ours?.findingsPerRule ?? {}).map(([rule, n]) => {
      const p = r.sample.precisionPerRule[rule];
      return `| ${rule} | ${n} | ${r.ourUnvalidatable[rule] ?? 0} | ${p?.labelled ?? 0} | ${p?.truePositives ?? 0} | ${p ? `${p.precision} %` : '-'} |`;
    }),
    '',
    `Labelled: ${r.sample.labels.length} findings of the current run (${r.sample.unlabelled} of the sample unlabelled), ` +
      'up to 8 per rule, one per template first (bench/corpus/sample.ts). Each label was made by reading the resource in its ' +
      'template against the rule\'s AWS documentation page: a true positive is a resource that has the weakness the rule names; ' +
      'a false positive is one where it does not, or where no narrower setting exists (a wildcard an action needs). The labels ' +
      '(resource type, rule id, verdict, reason) are in corpus.json.',
    '',
    'Precision over every label, when the findings were labelled (before the fixes of this run):',
    '',
    '| rule | labelled | true positives | precision |',
    '|---|---|---|---|',
    ...Object.entries(r.sample.precisionBeforeFixes).map(([rule, p]) => `| ${rule} | ${p.labelled} | ${p.truePositives} | ${p.precision} % |`),
    '',
    'Labelled findings no longer reported (removed by a fix):',
    '',
    r.sample.noLongerReported.length === 0 ? 'None.' :
      r.sample.noLongerReported.map((l) => `- ${l.rule} on ${l.resourceType}: ${l.note}`).join('\n'),
    '',
    '## Crashes',
    '',
    r.crashes.length === 0 ? 'None.' : r.crashes.map((c) => `- ${c.rule} on ${c.resourceType}: ${c.message}`).join('\n'),
    '',
    '## The cdk-nag packs, findings per rule (top 10)',
    '',
    ...r.packs.filter((p) => p.pack !== 'SecureServerless').flatMap((p) => [
      `**${p.pack}**: ${Object.entries(p.findingsPerRule).slice(0, 10).map(([rule, n]) => `${rule} ${n}`).join(', ')}`,
      '',
    ]),
  ];
  return lines.join('\n') + '\n';
}
