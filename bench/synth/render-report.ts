/**
 * Re-renders bench/results/synth.md and the charts from synth.json without measuring again (e.g. after editing
 * analysis.md): `ts-node --transpile-only --project tsconfig.dev.json bench/synth/render-report.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { synthMarkdown } from './report-markdown';
import { SynthBenchResults } from './results-model';
import { scalingCharts } from './scaling-charts';

const RESULTS = join(resolve(__dirname, '..', '..'), 'bench', 'results');
const results = JSON.parse(readFileSync(join(RESULTS, 'synth.json'), 'utf8')) as SynthBenchResults;
writeFileSync(join(RESULTS, 'synth.md'), synthMarkdown(results));
for (const [file, svg] of Object.entries(scalingCharts(results.scaling))) {
  writeFileSync(join(RESULTS, file), svg);
}
