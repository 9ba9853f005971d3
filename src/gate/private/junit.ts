import { ComplianceCheck, ComplianceFinding, ComplianceReport, PermissionChange } from '../compliance-report';

/**
 * The report as JUnit XML: a `testsuite` per pack, a `testcase` per rule and resource the rule
 * concerns. An unacknowledged error is a `failure` (what fails the gate); findings that are all
 * acknowledged make the case `skipped` with the reasons; an unacknowledged warning passes and
 * is written to the case's `system-out`. When a permission baseline was compared, a
 * `PermissionBaseline` suite has a case per permission change, failed when it adds access.
 */
export function junitReport(report: ComplianceReport): string {
  const findingsOf = new Map<string, ComplianceFinding[]>();
  for (const finding of report.findings) {
    const key = caseKey(finding);
    findingsOf.set(key, [...(findingsOf.get(key) ?? []), finding]);
  }
  const suites = report.packs.map((pack) => {
    const cases = report.checks.filter((check) => check.pack === pack).map((check) => testCase(check, findingsOf.get(caseKey(check)) ?? []));
    const failures = cases.filter((c) => c.outcome === 'failure').length;
    const skipped = cases.filter((c) => c.outcome === 'skipped').length;
    return {
      xml: `  <testsuite name="${esc(pack)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.map((c) => c.xml).join('')}  </testsuite>\n`,
      tests: cases.length,
      failures,
      skipped,
    };
  });
  if (report.baselineCompared) {
    suites.push(baselineSuite(report.permissionChanges));
  }
  const total = (key: 'tests' | 'failures' | 'skipped') => suites.reduce((sum, suite) => sum + suite[key], 0);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="cdk-secure-serverless check" tests="${total('tests')}" failures="${total('failures')}" errors="0" skipped="${total('skipped')}">\n` +
    suites.map((suite) => suite.xml).join('') +
    '</testsuites>\n';
}

function testCase(check: ComplianceCheck, findings: ComplianceFinding[]): { xml: string; outcome: 'pass' | 'failure' | 'skipped' } {
  const open = `    <testcase classname="${esc(`${check.pack}.${check.stackName}`)}" name="${esc(`${check.rule} ${check.constructPath}`)}">`;
  const open_ = findings.filter((f) => f.acknowledgedReason === undefined);
  const errors = open_.filter((f) => f.level === 'error');
  if (errors.length > 0) {
    const text = errors.map((f) => `${f.findingId} on ${f.constructPath} (${f.stackName} ${f.logicalId}): ${f.message}`).join('\n');
    return { outcome: 'failure', xml: `${open}\n      <failure type="${esc(check.rule)}" message="${esc(errors[0].message)}">${esc(text)}</failure>\n    </testcase>\n` };
  }
  if (open_.length > 0) {
    const text = open_.map((f) => `WARNING ${f.findingId} on ${f.constructPath}: ${f.message}`).join('\n');
    return { outcome: 'pass', xml: `${open}\n      <system-out>${esc(text)}</system-out>\n    </testcase>\n` };
  }
  if (findings.length > 0) {
    const text = findings.map((f) => `${f.findingId} acknowledged: ${f.acknowledgedReason}`).join('; ');
    return { outcome: 'skipped', xml: `${open}\n      <skipped message="${esc(text)}"/>\n    </testcase>\n` };
  }
  return { outcome: 'pass', xml: `${open}</testcase>\n` };
}

function baselineSuite(changes: PermissionChange[]) {
  const cases = changes.map(({ change, permission: p, addsAccess }) => {
    const name = `${change} ${p.effect} ${p.principal} ${p.action} on ${p.resource}${p.condition ? ` when ${p.condition}` : ''}`;
    const open = `    <testcase classname="PermissionBaseline" name="${esc(name)}">`;
    return addsAccess
      ? `${open}\n      <failure type="PermissionBaseline-AddsAccess" message="${esc(`${change === 'added' ? 'Added' : 'Removed'} since the baseline, and it adds access`)}">${esc(`granted by ${p.grantedBy.join(', ')}`)}</failure>\n    </testcase>\n`
      : `${open}\n      <system-out>${esc(`${change} since the baseline, within it (granted by ${p.grantedBy.join(', ')})`)}</system-out>\n    </testcase>\n`;
  });
  if (cases.length === 0) {
    cases.push('    <testcase classname="PermissionBaseline" name="permissions are the baseline\'s"></testcase>\n');
  }
  const failures = changes.filter((change) => change.addsAccess).length;
  return {
    xml: `  <testsuite name="PermissionBaseline" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('')}  </testsuite>\n`,
    tests: cases.length,
    failures,
    skipped: 0,
  };
}

function caseKey(item: { pack: string; rule: string; stackName: string; logicalId: string }): string {
  return [item.pack, item.rule, item.stackName, item.logicalId].join('\u0000');
}

/** XML-escaped text; characters XML 1.0 cannot carry are dropped. */
function esc(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
