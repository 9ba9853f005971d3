/**
 * The compliance gate's command line, run as a pipeline runs it: the shipped bin script (which
 * loads the compiled lib/) as a child process over synthesized cloud assemblies. The SARIF is
 * checked against the OASIS SARIF 2.1.0 schema by a JSON-schema validator, the JUnit XML is read
 * by a JUnit consumer (junit2json's command line).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { failureCodes } from '../support/failures';

const root = join(__dirname, '..', '..');
const BIN = join(root, 'bin', 'cdk-secure-serverless');
const TS_NODE = join(root, 'node_modules', '.bin', 'ts-node');
const SARIF_SCHEMA = join(root, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
const JUNIT2JSON = join(root, 'node_modules', 'junit2json', 'dist', 'esm', 'cli.js');

if (!existsSync(join(root, 'lib', 'gate', 'cli.js'))) {
  throw new Error('the CLI runs the compiled library: run `npx projen compile` first');
}

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Synthesizes an app script into a new directory, in its own process, as `cdk synth` would. */
function synthesize(script: string, env: Record<string, string> = {}): string {
  const outdir = mkdtempSync(join(tmpdir(), 'gate-'));
  execFileSync(TS_NODE, ['--transpile-only', '--project', join(root, 'tsconfig.dev.json'), script, outdir], {
    cwd: root, env: { ...process.env, ...env }, stdio: 'pipe',
  });
  return outdir;
}

// unicodeRegExp off: the schema's `language` pattern is valid only without the u flag.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));

function readSarif(file: string): any {
  const log = JSON.parse(readFileSync(file, 'utf8'));
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return log;
}

function readJunit(file: string): any {
  return JSON.parse(execFileSync(process.execPath, [JUNIT2JSON, file], { encoding: 'utf8' }));
}

describe('on the example app', () => {
  let outdir: string;
  let run: CliRun;
  beforeAll(() => {
    if (!existsSync(join(root, 'examples', 'dist', 'ingest', 'index.js'))) {
      throw new Error('bundle the example handlers first: npx projen examples:bundle');
    }
    outdir = synthesize(join(root, 'examples', 'synth.ts'));
    run = runCli('check', outdir, '--sarif', join(outdir, 'gate.sarif'), '--junit', join(outdir, 'gate.xml'));
  });

  test('passes with exit code 0, every pack in the summary', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const pack of ['SecureServerless', 'AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless']) {
      expect(run.stdout).toMatch(new RegExp(`^${pack.replace(/\./g, '\\.')}\\s+0\\s+0\\s+[1-9]\\d*\\s+\\d+$`, 'm'));
    }
    expect(run.stdout).toContain('PASSED');
    expect(run.stdout).not.toContain('Stale acknowledgements');
  });

  test('the SARIF is schema-valid, one run per pack, every result an accepted suppression with the app\'s reason', () => {
    const sarif = readSarif(join(outdir, 'gate.sarif'));
    expect(sarif.runs).toHaveLength(7);
    const metadata: Record<string, Array<{ type: string; data: Record<string, string> }>> =
      JSON.parse(readFileSync(join(outdir, 'Findings.metadata.json'), 'utf8'));
    const reasons = new Set(Object.values(metadata).flat()
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.values(entry.data)));
    const results = sarif.runs.flatMap((r: any) => r.results);
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.suppressions).toHaveLength(1);
      expect(reasons.has(result.suppressions[0].justification)).toBe(true);
      // last the template; before it, when the assembly has the creation stack, the code that made the
      // resource (here the library's own src/, which is not under node_modules in this repository)
      const locations = result.locations.map((l: any) => l.physicalLocation);
      expect(locations[locations.length - 1].artifactLocation.uri).toBe(relative(root, join(outdir, 'Findings.template.json')));
      for (const location of locations.slice(0, -1)) {
        const lines = readFileSync(join(root, location.artifactLocation.uri), 'utf8').split('\n');
        expect(location.region.startLine).toBeLessThanOrEqual(lines.length);
      }
    }
  });

  test('the JUnit has a case per rule and resource, none failed, the acknowledged ones skipped', () => {
    const junit = readJunit(join(outdir, 'gate.xml'));
    expect(junit.testsuite).toHaveLength(7);
    expect(junit.failures).toBe(0);
    const sarif = readSarif(join(outdir, 'gate.sarif'));
    for (const suite of junit.testsuite) {
      const packRun = sarif.runs.find((r: any) => r.tool.driver.name === `cdk-secure-serverless ${suite.name}`);
      // a skipped case per (rule, resource) with an acknowledged finding
      const acknowledgedCases = new Set(packRun.results.map((r: any) => `${r.ruleId} ${r.locations[0].logicalLocations[0].fullyQualifiedName}`));
      expect(suite.testcase.filter((c: any) => c.skipped).map((c: any) => c.name).sort()).toEqual([...acknowledgedCases].sort());
      expect(suite.tests).toBe(suite.testcase.length);
    }
  });
});

describe('on an app with planted findings', () => {
  let outdir: string;
  let run: CliRun;
  let sarif: any;
  beforeAll(() => {
    // CDK_DEBUG (`cdk synth --debug`) makes aws-cdk-lib record where each construct was made even if the
    // app's context disables creation stack traces.
    outdir = synthesize(join(__dirname, 'planted-app.ts'), { CDK_DEBUG: 'true' });
    run = runCli('check', outdir, '--packs', 'SecureServerless', '--sarif', join(outdir, 'gate.sarif'), '--junit', join(outdir, 'gate.xml'));
    sarif = readSarif(join(outdir, 'gate.sarif'));
  });

  test('fails with exit code 1 naming the unacknowledged error', () => {
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('SecureServerless-IamPolicyNoFullWildcards[Resource::*] @ Planted/Wide/Resource');
    expect(run.stdout).toContain('FAILED: 4 unacknowledged error(s)');
  });

  test('reads the nested stack\'s template: its planted error is reported, located at its line and in the nested template', () => {
    expect(run.stdout).toContain('SecureServerless-IamPolicyNoFullWildcards[Resource::*] @ Planted/Inner/Nested/Resource');
    const [result] = sarif.runs[0].results.filter((r: any) => r.locations[0].logicalLocations[0].fullyQualifiedName === 'Planted/Inner/Nested/Resource');
    const line = readFileSync(join(__dirname, 'planted-app.ts'), 'utf8').split('\n').findIndex((l) => l.includes("new iam.Policy(inner, 'Nested'")) + 1;
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'test/gate/planted-app.ts' }, region: { startLine: line } });
    const nestedTemplate = result.locations[1].physicalLocation.artifactLocation.uri;
    expect(nestedTemplate).toMatch(/^.*PlantedInner[0-9A-F]{8}\.nested\.template\.json$/);
    const template = JSON.parse(readFileSync(join(root, nestedTemplate), 'utf8'));
    expect(template.Resources[result.properties.logicalId].Metadata['aws:cdk:path']).toBe('Planted/Inner/Nested/Resource');
  });

  test('an acknowledgement past its expiry day is an error again, with its date, ticket and reason', () => {
    expect(run.stdout).toContain('SecureServerless-IamPolicyNoFullWildcards[Resource::*] @ Planted/Expiring/Resource');
    expect(run.stdout).toContain('Its acknowledgement expired on 2020-01-31 (SEC-42): planted: temporary');
    expect(run.stdout).toMatch(/Expired acknowledgements[^]*SecureServerless-IamPolicyNoFullWildcards\[Resource::\*\] @ Planted\/Expiring \(Planted\) expired 2020-01-31 SEC-42: planted: temporary/);
    // the one that holds until 2999 still hides its finding
    expect(run.stdout).not.toContain('SecureServerless-IamPolicyNoFullWildcards[Action::s3:*] @ Planted/Expiring/Resource');
  });

  test('reports the acknowledgement that hides nothing as stale', () => {
    expect(run.stdout).toMatch(/Stale acknowledgements[^]*SecureServerless-IamPolicyNoFullWildcards\[Resource::\*\] @ Planted\/Stale \(Planted\): planted: nothing to hide/);
  });

  test('the SARIF locates the error at the line that made the policy, then in the template at its logical id', () => {
    expect(sarif.runs).toHaveLength(1);
    const open = sarif.runs[0].results.filter((r: any) => !r.suppressions && r.locations[0].logicalLocations[0].fullyQualifiedName === 'Planted/Wide/Resource');
    expect(open.map((r: any) => r.properties.findingId).sort()).toEqual([
      'SecureServerless-IamPolicyNoFullWildcards[Action::s3:*]',
      'SecureServerless-IamPolicyNoFullWildcards[Resource::*]',
    ]);
    const sourceLines = readFileSync(join(__dirname, 'planted-app.ts'), 'utf8').split('\n');
    const wideLine = sourceLines.findIndex((line) => line.includes("new iam.Policy(stack, 'Wide'")) + 1;
    const templateFile = join(outdir, 'Planted.template.json');
    const template = JSON.parse(readFileSync(templateFile, 'utf8'));
    const logicalId = Object.keys(template.Resources).find((id) => template.Resources[id].Metadata?.['aws:cdk:path'] === 'Planted/Wide/Resource')!;
    const templateLine = readFileSync(templateFile, 'utf8').split('\n').findIndex((line) => line === `  "${logicalId}": {`) + 1;
    for (const result of open) {
      expect(result.level).toBe('error');
      expect(result.ruleId).toBe('SecureServerless-IamPolicyNoFullWildcards');
      const [source, inTemplate] = result.locations;
      expect(source.physicalLocation).toEqual({ artifactLocation: { uri: 'test/gate/planted-app.ts' }, region: { startLine: wideLine } });
      expect(inTemplate.physicalLocation.artifactLocation.uri).toBe(relative(root, templateFile));
      expect(inTemplate.physicalLocation.region.startLine).toBe(templateLine);
      expect(inTemplate.logicalLocations).toEqual([{ name: logicalId, fullyQualifiedName: 'Planted/Wide/Resource', kind: 'resource' }]);
    }
    const rule = sarif.runs[0].tool.driver.rules[open[0].ruleIndex];
    expect(rule.id).toBe('SecureServerless-IamPolicyNoFullWildcards');
    expect(rule.helpUri).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(rule.help.text).toContain('With cdk-secure-serverless:');
  });

  test('the SARIF carries the acknowledged findings as accepted suppressions with their reasons', () => {
    const suppressed = sarif.runs[0].results.filter((r: any) => r.suppressions);
    expect(suppressed.map((r: any) => [r.properties.findingId, r.suppressions[0].justification]).sort()).toEqual([
      ['SecureServerless-IamPolicyNoFullWildcards[Action::s3:*]', 'planted: a reviewed wildcard action'],
      ['SecureServerless-IamPolicyNoFullWildcards[Action::s3:*]', 'planted: until 2999'],
      ['SecureServerless-IamPolicyNoFullWildcards[Resource::*]', 'planted: a reviewed wildcard'],
    ]);
  });

  test('the JUnit fails the case of the planted error and skips the acknowledged one', () => {
    const junit = readJunit(join(outdir, 'gate.xml'));
    expect(junit.failures).toBe(3);
    const cases = junit.testsuite[0].testcase;
    const byName = (name: string) => cases.find((c: any) => c.name === name);
    const wide = byName('SecureServerless-IamPolicyNoFullWildcards Planted/Wide/Resource');
    expect(wide.failure[0].type).toBe('SecureServerless-IamPolicyNoFullWildcards');
    expect(wide.failure[0].inner).toContain('SecureServerless-IamPolicyNoFullWildcards[Resource::*] on Planted/Wide/Resource');
    expect(byName('SecureServerless-IamPolicyNoFullWildcards Planted/Acked/Resource').skipped).toBeDefined();
    expect(byName('SecureServerless-IamPolicyNoFullWildcards Planted/Stale/Resource').failure).toBeUndefined();
    expect(byName('SecureServerless-IamPolicyNoFullWildcards Planted/Expiring/Resource').failure[0].inner)
      .toContain('expired on 2020-01-31 (SEC-42)');
  });

  test('--list-acknowledgements lists each with its reason, expiry and ticket', () => {
    const listed = runCli('check', outdir, '--packs', 'SecureServerless', '--list-acknowledgements');
    expect(listed.status).toBe(1);
    const section = listed.stdout.slice(listed.stdout.indexOf('\nAcknowledgements:\n'));
    expect(section.split('\n').filter((line) => line.startsWith('  ')).sort()).toEqual([
      '  SecureServerless-IamPolicyNoFullWildcards[Action::s3:*] @ Planted/Acked (Planted) [no expiry]: planted: a reviewed wildcard action',
      '  SecureServerless-IamPolicyNoFullWildcards[Action::s3:*] @ Planted/Expiring (Planted) [expires 2999-12-31, SEC-43]: planted: until 2999',
      '  SecureServerless-IamPolicyNoFullWildcards[Resource::*] @ Planted/Acked (Planted) [no expiry]: planted: a reviewed wildcard',
      '  SecureServerless-IamPolicyNoFullWildcards[Resource::*] @ Planted/Expiring (Planted) [expires 2020-01-31, SEC-42]: planted: temporary',
      '  SecureServerless-IamPolicyNoFullWildcards[Resource::*] @ Planted/Stale (Planted) [no expiry]: planted: nothing to hide',
    ]);
  });

  test('a lone template has no manifest, so nothing is acknowledged', () => {
    const lone = runCli('check', join(outdir, 'Planted.template.json'), '--packs', 'SecureServerless');
    expect(lone.status).toBe(1);
    expect(lone.stdout).toContain('FAILED: 6 unacknowledged error(s)');
  });
});

describe('the permission baseline', () => {
  const READER = 'AWS:${Baseline/Service/Reader.Arn}';
  const OBJECT = 'arn:aws:s3:::reports/2026/summary.json';
  let baselineFile: string;
  let written: CliRun;
  beforeAll(() => {
    const outdir = synthesize(join(__dirname, 'baseline-app.ts'));
    baselineFile = join(outdir, 'iam-baseline.json');
    written = runCli('check', outdir, '--packs', 'SecureServerless', '--write-baseline', baselineFile);
  });
  const checkChange = (change: string, ...args: string[]) =>
    runCli('check', synthesize(join(__dirname, 'baseline-app.ts'), { CHANGE: change }), '--packs', 'SecureServerless', '--baseline', baselineFile, ...args);

  test('--write-baseline records the nested role\'s permission and its trust policy', () => {
    expect(written.stderr).toBe('');
    expect(written.status).toBe(0);
    expect(written.stdout).toContain(`Permission baseline written to ${baselineFile}.`);
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
    expect(baseline.formatVersion).toBe(1);
    expect(baseline.permissions).toEqual([
      {
        effect: 'Allow',
        principal: READER,
        action: 's3:GetObject',
        resource: OBJECT,
        condition: { StringEquals: { 'aws:SourceVpce': ['vpce-0a1b2c3d'] } },
        grantedBy: ['Baseline/Service/Reader/DefaultPolicy'],
      },
      {
        effect: 'Allow',
        principal: 'Service:lambda.amazonaws.com',
        action: 'sts:AssumeRole',
        resource: '${Baseline/Service/Reader.Arn}',
        grantedBy: ['Baseline/Service/Reader'],
      },
    ]);
  });

  test('an unchanged app, synthesized again, passes', () => {
    const run = checkChange('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Permissions: the same as the baseline.');
    expect(run.stdout).toContain('PASSED: no unacknowledged error, no permission change(s) adding access.');
  });

  test('a wider action fails with exit code 1 and prints the diff: the new action adds access, the old one is removed', () => {
    const run = checkChange('wider-action');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('Permission changes since the baseline (1 adding access):');
    const condition = '{"StringEquals":{"aws:SourceVpce":["vpce-0a1b2c3d"]}}';
    expect(run.stdout).toContain(`  + [ADDS ACCESS] Allow ${READER} s3:* on ${OBJECT} when ${condition} (Baseline/Service/Reader/DefaultPolicy)`);
    expect(run.stdout).toContain(`  - [info] Allow ${READER} s3:GetObject on ${OBJECT} when ${condition} (Baseline/Service/Reader/DefaultPolicy)`);
    expect(run.stdout).toMatch(/FAILED: \d+ unacknowledged error\(s\), 1 permission change\(s\) adding access\./);
  });

  test('a dropped condition fails on the baseline alone; the JUnit fails the change\'s case', () => {
    const junitFile = join(mkdtempSync(join(tmpdir(), 'gate-junit-')), 'gate.xml');
    const run = checkChange('dropped-condition', '--junit', junitFile);
    expect(run.status).toBe(1);
    const suite = readJunit(junitFile).testsuite.find((s: any) => s.name === 'PermissionBaseline');
    expect(suite.failures).toBe(1);
    const failed = suite.testcase.filter((c: any) => c.failure);
    expect(failed.map((c: any) => c.name)).toEqual([`added Allow ${READER} s3:GetObject on ${OBJECT}`]);
    expect(failed[0].failure[0].type).toBe('PermissionBaseline-AddsAccess');
    expect(run.stdout).toContain(`  + [ADDS ACCESS] Allow ${READER} s3:GetObject on ${OBJECT} (Baseline/Service/Reader/DefaultPolicy)`);
    expect(run.stdout).toContain('FAILED: 0 unacknowledged error(s), 1 permission change(s) adding access.');
  });

  test('an extra condition narrows access: shown, not failed', () => {
    const run = checkChange('narrower');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Permission changes since the baseline (0 adding access):');
    expect(run.stdout).toMatch(/\+ \[within baseline\] Allow .* s3:GetObject on .*aws:RequestedRegion/);
  });

  test('a missing baseline file exits 2 and says how to record one', () => {
    const run = runCli('check', join(root, 'no-such-dir'), '--baseline', join(tmpdir(), 'no-such-baseline.json'));
    expect(run.status).toBe(2);
    const missing = runCli('check', join(baselineFile, '..'), '--packs', 'SecureServerless', '--baseline', join(tmpdir(), 'no-such-baseline.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no-such-baseline.json does not exist. Fix: record it with --write-baseline');
    expect(failureCodes(missing.stderr)).toEqual(['ComplianceGate.BaselineNotFound']);
  });
});

describe('usage', () => {
  test('an unknown pack exits 2 listing the known ones', () => {
    const run = runCli('check', root, '--packs', 'NoSuchPack');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown pack 'NoSuchPack'. Fix: choose among AwsSolutions, HIPAA.Security");
    expect(failureCodes(run.stderr)).toEqual(['ComplianceGate.UnknownPack']);
  });

  test('a directory that is not a cloud assembly exits 2', () => {
    const run = runCli('check', tmpdir() + '/no-such-assembly');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('does not exist');
    expect(failureCodes(run.stderr)).toEqual(['ComplianceGate.AssemblyNotFound']);
  });

  test('no command exits 2 with the usage', () => {
    const run = runCli();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: cdk-secure-serverless check');
    expect(run.stderr.split('\n')[0]).toBe('cdk-secure-serverless: no command is given. Fix: run it as the usage below says (ComplianceGate.InvalidArguments)');
  });

  test('an unknown option or an extra argument exits 2 with the code, once, and the usage', () => {
    for (const args of [['check', root, '--no-such-option'], ['check', root, 'extra'], ['list', root]]) {
      const run = runCli(...args);
      expect(run.status).toBe(2);
      expect(run.stderr.match(/\(ComplianceGate\.[A-Za-z]+\)/g)).toEqual(['(ComplianceGate.InvalidArguments)']);
      expect(run.stderr).toContain('usage: cdk-secure-serverless check');
    }
  });

  test('an output file that can\'t be written exits 2 naming the option', () => {
    const template = join(mkdtempSync(join(tmpdir(), 'gate-out-')), 'Stack.template.json');
    writeFileSync(template, JSON.stringify({ Resources: {} }));
    const run = runCli('check', template, '--packs', 'SecureServerless', '--sarif', join(tmpdir(), 'no-such-dir', 'gate.sarif'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--sarif: ');
    expect(failureCodes(run.stderr)).toEqual(['ComplianceGate.CannotWriteFile']);
  });

  test('the npm package ships the bin script and the compiled CLI', () => {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
    const files = pack.files.map((file: { path: string }) => file.path);
    expect(files).toEqual(expect.arrayContaining(['bin/cdk-secure-serverless', 'lib/gate/cli.js', 'lib/gate/compliance-gate.js']));
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(manifest.bin).toEqual({ 'cdk-secure-serverless': 'bin/cdk-secure-serverless' });
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
