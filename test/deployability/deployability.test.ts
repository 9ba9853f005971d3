import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnLintMatches, runDeployability } from './deployability';

/*
 * Invariant 6, deployable: whatever synthesis accepts, CloudFormation's resource schemas accept.
 * The test command runs a bounded number of cases from a fixed seed; `npx projen fuzz:deploy`
 * runs many more from a fresh seed (FUZZ_DEPLOY_RUNS and FUZZ_DEPLOY_SEED, a number or `random`,
 * override both; a failure prints its seed, so the run can be repeated).
 */
const RUNS = Number(process.env.FUZZ_DEPLOY_RUNS ?? 20);
const SEED = process.env.FUZZ_DEPLOY_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_DEPLOY_SEED ?? 20261130);

test(`${RUNS} generated prop combinations are refused with a clear error or pass cfn-lint (seed ${SEED})`, () => {
  const report = runDeployability(RUNS, SEED);
  console.log(`deployability: seed ${report.seed}, ${report.cases} cases: ${report.refused} refused with a clear error, ` +
    `${report.synthesized} synthesized and linted, ${report.unclearErrors.length} unclear errors, ${report.lintErrors.length} cfn-lint errors; ` +
    `refusals by prop: ${JSON.stringify(report.refusedProps)}`);
  expect(report.unclearErrors).toEqual([]);
  expect(report.lintErrors).toEqual([]);
  expect(report.synthesized).toBeGreaterThan(0);
  expect(report.refused).toBeGreaterThan(0);
}, 900_000);

test('the oracle is not vacuous: cfn-lint refuses the two inputs issue 14 names (scope orders/write, a URL as resource server Name)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'deployability-oracle-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Oracle');
    new cognito.CfnUserPoolResourceServer(stack, 'Server', {
      userPoolId: 'us-east-1_abc123',
      identifier: 'https://orders.example.com',
      name: 'https://orders.example.com',
      scopes: [{ scopeName: 'orders/write', scopeDescription: 'write orders' }],
    });
    app.synth();
    const errors = cfnLintMatches([join(outdir, 'Oracle.template.json')])
      .filter((match) => match.Level === 'Error')
      .map((match) => `${match.Rule.Id} ${match.Location.Path.join('.')}`);
    expect(errors).toEqual(expect.arrayContaining([
      'E3031 Resources.Server.Properties.Name',
      'E3031 Resources.Server.Properties.Scopes.0.ScopeName',
    ]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}, 300_000);
