/**
 * The compliance gate refuses unusable input with a coded error naming the option, the problem
 * and the fix (the CLI prints it and exits 2, see cli.test.ts): each file and option problem has
 * its own stable code.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComplianceGate } from '../../src/gate';
import { thrownCode } from '../support/failures';

const dir = mkdtempSync(join(tmpdir(), 'gate-errors-'));

/** A file with the given text in a directory of its own. */
function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(dir, 'f-')), name);
  writeFileSync(path, text);
  return path;
}

/** A template with no resources: a valid assembly to pair with a bad baseline. */
const TEMPLATE = file('Stack.template.json', JSON.stringify({ Resources: {} }));

describe('the assembly', () => {
  test('a path that does not exist', () => {
    expect(thrownCode(() => ComplianceGate.check({ assembly: join(dir, 'no-such-assembly') }))).toBe('ComplianceGate.AssemblyNotFound');
    expect(thrownCode(() => ComplianceGate.permissionBaseline(join(dir, 'no-such-assembly')))).toBe('ComplianceGate.AssemblyNotFound');
  });

  test('a directory without manifest.json', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(thrownCode(() => ComplianceGate.check({ assembly: empty }))).toBe('ComplianceGate.NotACloudAssembly');
  });

  test('a manifest that lists no stacks', () => {
    const manifest = file('manifest.json', JSON.stringify({ version: '36.0.0', artifacts: {} }));
    expect(thrownCode(() => ComplianceGate.check({ assembly: join(manifest, '..') }))).toBe('ComplianceGate.NoStacks');
  });

  test('a template that is not JSON', () => {
    expect(thrownCode(() => ComplianceGate.check({ assembly: file('Stack.template.json', 'Resources:\n  A: {}\n') }))).toBe('ComplianceGate.InvalidJson');
  });

  test('the message names the option, the problem, the fix and the code', () => {
    expect(() => ComplianceGate.check({ assembly: join(dir, 'missing') }))
      .toThrow(`assembly: ${join(dir, 'missing')} does not exist. Fix: give a cloud assembly directory (cdk.out) or a template file (ComplianceGate.AssemblyNotFound)`);
  });
});

test('an unknown pack', () => {
  expect(thrownCode(() => ComplianceGate.check({ assembly: TEMPLATE, packs: ['NoSuchPack'] }))).toBe('ComplianceGate.UnknownPack');
});

describe('the permission baseline', () => {
  const check = (baseline: string) => () => ComplianceGate.check({ assembly: TEMPLATE, packs: ['SecureServerless'], baseline });

  test('a file that does not exist', () => {
    expect(thrownCode(check(join(dir, 'no-such-baseline.json')))).toBe('ComplianceGate.BaselineNotFound');
  });

  test('a file that is not JSON', () => {
    expect(thrownCode(check(file('baseline.json', '{ formatVersion: 1')))).toBe('ComplianceGate.InvalidBaselineJson');
  });

  test('another format version, or no permissions list', () => {
    expect(thrownCode(check(file('baseline.json', JSON.stringify({ formatVersion: 2, permissions: [] }))))).toBe('ComplianceGate.BaselineFormatVersion');
    expect(thrownCode(check(file('baseline.json', JSON.stringify({ formatVersion: 1 }))))).toBe('ComplianceGate.BaselineFormatVersion');
  });

  test('an entry whose field is not a string', () => {
    const baseline = { formatVersion: 1, permissions: [{ effect: 'Allow', principal: 'p', action: 's3:GetObject', resource: 7 }] };
    expect(thrownCode(check(file('baseline.json', JSON.stringify(baseline))))).toBe('ComplianceGate.InvalidBaselineEntry');
  });
});
