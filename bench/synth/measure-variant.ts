/**
 * One measurement in a fresh Node process (spawned by run.ts): load the variant's modules, build
 * the app, synthesize it, optionally with every cdk-nag pack registered as a validation plugin.
 * With `report`, also counts the template's contents and each pack's findings (untimed).
 * Prints one JSON line on stdout.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface MeasureRequest {
  readonly variant: string;
  readonly services: number;
  readonly nag: boolean;
  readonly report: boolean;
  readonly outdir: string;
}

export interface PackFindings {
  readonly pack: string;
  readonly errors: number;
  readonly warnings: number;
  readonly validateMillis: number;
}

export interface TemplateFacts {
  readonly resources: number;
  readonly templateBytes: number;
  readonly kmsKeys: number;
  readonly wildcardResourceStatements: number;
  /** Resources that name a KMS key (their own or imported): what a key per resource would create keys for. */
  readonly resourcesOnCustomerKeys: number;
  readonly packs: PackFindings[];
}

export interface Measurement {
  readonly loadMillis: number;
  readonly constructMillis: number;
  readonly synthMillis: number;
  /** construct + synth: the synthesis time the report compares. */
  readonly buildMillis: number;
  readonly maxRssMegabytes: number;
  readonly facts?: TemplateFacts;
}

function main(request: MeasureRequest): Measurement {
  const loadStart = performance.now();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { buildVariant } = require('./variants') as typeof import('./variants');
  const { ComplianceGate } = require('../../src') as typeof import('../../src');
  const { Validations } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const constructStart = performance.now();
  const { app } = buildVariant(request.variant as any, request.outdir, request.services);
  if (request.nag) {
    Validations.of(app).addPlugins(...ComplianceGate.nagPacks());
  }
  const synthStart = performance.now();
  app.synth();
  const end = performance.now();
  process.exitCode = 0; // failed validations set 1; findings are reported, not fatal here
  return {
    loadMillis: constructStart - loadStart,
    constructMillis: synthStart - constructStart,
    synthMillis: end - synthStart,
    buildMillis: end - constructStart,
    maxRssMegabytes: process.resourceUsage().maxRSS / 1024,
    facts: request.report ? templateFacts(request.outdir, app) : undefined,
  };
}

function templateFacts(outdir: string, app: import('aws-cdk-lib').App): TemplateFacts {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { kmsKeyCount, templatesIn, wildcardResourceStatements } = require('../../examples/compliance-summary') as typeof import('../../examples/compliance-summary');
  const { ComplianceGate } = require('../../src') as typeof import('../../src');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const templates = templatesIn(outdir);
  const packs = ComplianceGate.nagPacks().map((pack): PackFindings => {
    const start = performance.now();
    const report = pack.validateScope(app);
    const validateMillis = performance.now() - start;
    const count = (severity: string) => report.violations
      .filter((violation) => (violation.severity ?? 'error') === severity)
      .reduce((sum, violation) => sum + violation.violatingResources.length, 0);
    return { pack: pack.readPackName, errors: count('error'), warnings: count('warning'), validateMillis };
  });
  return {
    resources: Object.values<any>(templates).reduce((sum, template) => sum + Object.keys(template.Resources ?? {}).length, 0),
    templateBytes: Object.keys(templates).reduce((sum, file) => sum + statSync(join(outdir, file)).size, 0),
    kmsKeys: kmsKeyCount(templates),
    wildcardResourceStatements: wildcardResourceStatements(templates).length,
    resourcesOnCustomerKeys: resourcesOnCustomerKeys(Object.values(templates)),
    packs,
  };
}

/** Property names through which CloudFormation resources name their KMS key. */
const KEY_PROPERTY = /"(KMSMasterKeyId|KmsMasterKeyId|KMSMasterKeyID|KmsKeyId|KMSKeyId|KmsKeyArn|EncryptionKeyArn)":/;

function resourcesOnCustomerKeys(templates: any[]): number {
  return templates
    .flatMap((template) => Object.values<any>(template.Resources ?? {}))
    .filter((resource) => KEY_PROPERTY.test(JSON.stringify(resource.Properties ?? {}))).length;
}

if (require.main === module) {
  const result = main(JSON.parse(process.argv[2]) as MeasureRequest);
  process.stdout.write(JSON.stringify(result) + '\n');
}
