/**
 * The synthesis benchmark: builds the seed's demo four ways in the same run, each measurement in a
 * fresh Node process running esbuild-compiled JavaScript, rounds interleaved so that the shared
 * machine's load falls on every variant alike. Writes bench/results/synth.{json,md} and the SVG
 * charts. Run with `npx projen bench:synth` (which bundles the handlers first).
 * BENCH_ROUNDS and BENCH_SCALING_ROUNDS set the repetitions.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { childRunner } from './child-runs';
import { compileBench } from './compile-bench';
import { Measurement } from './measure-variant';
import { selfTimeByGroup } from './profile-summary';
import { synthMarkdown } from './report-markdown';
import { NagCostResult, ScalingResult, SynthBenchResults, Target, VariantResult } from './results-model';
import { scalingCharts } from './scaling-charts';
import { pairedRatios, round, Spread, spread } from './stats';
import { VARIANT_LABELS, VariantId } from './variants';

const ROOT = resolve(__dirname, '..', '..');
const RESULTS = join(ROOT, 'bench', 'results');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const SCALING_ROUNDS = Number(process.env.BENCH_SCALING_ROUNDS ?? 5);
const SCALING_SIZES = [1, 10, 50];
/** AWS's published price of a customer-managed KMS key (per key per month, requests not counted). */
const KEY_PRICE_USD_PER_MONTH = 1;
const COMPARED: VariantId[] = ['a-library', 'b-plain-l2', 'c-hardened-l2', 'd-solutions-constructs'];
const WITH_PACKS: VariantId[] = ['a-library', 'c-hardened-l2'];

function main(): void {
  const loadAverageAtStart = loadavg().map((load) => round(load));
  const runner = childRunner(ROOT, compileBench(ROOT));
  log(`compiled; load average ${loadAverageAtStart.join(' ')}`);

  // Each round: every variant without packs, then (a) and (c) with every pack; order rotates per round.
  const plain = new Map<string, Measurement[]>(COMPARED.map((id) => [id, []]));
  const nag = new Map<string, Measurement[]>(WITH_PACKS.map((id) => [id, []]));
  const jobs = [
    ...COMPARED.map((id) => () => plain.get(id)!.push(runner.measure(id))),
    ...WITH_PACKS.map((id) => () => nag.get(id)!.push(runner.measure(id, { nag: true }))),
  ];
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    rotate(jobs, round_).forEach((job) => job());
    log(`round ${round_ + 1}/${ROUNDS}`);
  }
  const facts = new Map(COMPARED.map((id) => [id, runner.measure(id, { report: true }).facts!]));

  const scalingRuns = new Map<number, Measurement[]>(SCALING_SIZES.map((size) => [size, []]));
  for (let round_ = 0; round_ < SCALING_ROUNDS; round_++) {
    rotate(SCALING_SIZES, round_).forEach((size) => scalingRuns.get(size)!.push(runner.measure('scaled-library', { services: size })));
    log(`scaling round ${round_ + 1}/${SCALING_ROUNDS}`);
  }
  const scaling = SCALING_SIZES.map((services) => scalingResult(services, scalingRuns.get(services)!,
    runner.measure('scaled-library', { services, report: true }).facts!));

  const builds = (id: string) => plain.get(id)!.map((m) => m.buildMillis);
  const variants: VariantResult[] = COMPARED.map((id) => {
    const runs = plain.get(id)!;
    const fact = facts.get(id)!;
    return {
      id,
      label: VARIANT_LABELS[id],
      buildMillis: spread(builds(id)),
      loadMillis: spread(runs.map((m) => m.loadMillis)),
      constructMillis: spread(runs.map((m) => m.constructMillis)),
      synthMillis: spread(runs.map((m) => m.synthMillis)),
      maxRssMegabytes: spread(runs.map((m) => m.maxRssMegabytes), 1),
      ratioToHardened: pairedRatios(builds(id), builds('c-hardened-l2')),
      resources: fact.resources,
      templateBytes: fact.templateBytes,
      kmsKeys: fact.kmsKeys,
      wildcardResourceStatements: fact.wildcardResourceStatements,
      packs: fact.packs.map((pack) => ({ ...pack, validateMillis: round(pack.validateMillis, 1) })),
    };
  });
  const nagCost: NagCostResult[] = WITH_PACKS.map((id) => {
    const withPacks = nag.get(id)!.map((m) => m.buildMillis);
    return {
      id,
      label: VARIANT_LABELS[id],
      withoutPacksMillis: spread(builds(id)),
      withPacksMillis: spread(withPacks),
      ratio: pairedRatios(withPacks, builds(id)),
      addedMillis: round(spread(withPacks).median - spread(builds(id)).median),
      maxRssWithPacksMegabytes: spread(nag.get(id)!.map((m) => m.maxRssMegabytes), 1),
    };
  });

  const profiles: Record<string, ReturnType<typeof selfTimeByGroup>> = {};
  for (const [name, id, packs] of [['a', 'a-library', false], ['c', 'c-hardened-l2', false], ['a-with-packs', 'a-library', true], ['c-with-packs', 'c-hardened-l2', true]] as const) {
    profiles[name] = selfTimeByGroup(runner.profile(id, packs, name), 12);
  }

  const results: SynthBenchResults = {
    date: new Date().toISOString(),
    command: 'npx projen bench:synth',
    machine: {
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cpus: cpus().length,
      memoryGigabytes: round(totalmem() / 2 ** 30, 1),
      loadAverageAtStart,
      loadAverageAtEnd: loadavg().map((load) => round(load)),
    },
    versions: Object.fromEntries(['aws-cdk-lib', 'cdk-nag', 'constructs', '@aws-solutions-constructs/aws-apigateway-lambda',
      '@aws-solutions-constructs/aws-lambda-dynamodb'].map((name) => [name, packageVersion(name)])),
    rounds: ROUNDS,
    scalingRounds: SCALING_ROUNDS,
    variants,
    nagCost,
    scaling,
    keyPriceUsdPerMonth: KEY_PRICE_USD_PER_MONTH,
    targets: targets(variants, nagCost, pairedRatios(builds('a-library'), builds('d-solutions-constructs'))),
    profiles,
    authorizer: readAuthorizerResults(),
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'synth.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(RESULTS, 'synth.md'), synthMarkdown(results));
  for (const [file, svg] of Object.entries(scalingCharts(scaling))) {
    writeFileSync(join(RESULTS, file), svg);
  }
  process.stdout.write(synthMarkdown(results));
}

function scalingResult(services: number, runs: Measurement[], fact: NonNullable<Measurement['facts']>): ScalingResult {
  const keysWithKeyPerService = services + 2;
  return {
    services,
    buildMillis: spread(runs.map((m) => m.buildMillis)),
    maxRssMegabytes: spread(runs.map((m) => m.maxRssMegabytes), 1),
    resources: fact.resources,
    templateBytes: fact.templateBytes,
    kmsKeys: fact.kmsKeys,
    keysWithKeyPerService,
    keysWithKeyPerResource: fact.resourcesOnCustomerKeys,
    monthlyKeyCostUsd: fact.kmsKeys * KEY_PRICE_USD_PER_MONTH,
    monthlySavingVsKeyPerServiceUsd: Math.max(0, keysWithKeyPerService - fact.kmsKeys) * KEY_PRICE_USD_PER_MONTH,
  };
}

function targets(variants: VariantResult[], nagCost: NagCostResult[], libraryToSolutions: Spread): Target[] {
  const library = variants.find((variant) => variant.id === 'a-library')!;
  const [libraryNag, hardenedNag] = nagCost;
  return [
    {
      name: '(a) synthesis within 1.15× of (c)',
      value: `${library.ratioToHardened.median}× (paired median; IQR ${library.ratioToHardened.p25}–${library.ratioToHardened.p75})`,
      met: library.ratioToHardened.median <= 1.15,
    },
    {
      name: '(a) synthesis no slower than (d)',
      value: `${libraryToSolutions.median}× (paired median; IQR ${libraryToSolutions.p25}–${libraryToSolutions.p75})`,
      met: libraryToSolutions.median <= 1,
    },
    {
      name: 'packs on (a) add no more than on (c)',
      value: `+${libraryNag.addedMillis} ms on (a) vs +${hardenedNag.addedMillis} ms on (c)`,
      met: libraryNag.addedMillis <= hardenedNag.addedMillis,
    },
  ];
}

function readAuthorizerResults(): unknown {
  const file = join(RESULTS, 'authorizer.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function packageVersion(name: string): string {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')).version;
}

function rotate<T>(items: T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function log(message: string): void {
  process.stderr.write(`[bench:synth] ${message}\n`);
}

main();
