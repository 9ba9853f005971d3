import { ComplianceReport } from '../compliance-report';

/**
 * Errors, warnings and acknowledged findings per pack, then each unacknowledged error, expired
 * and stale acknowledgement, and (when asked) every acknowledgement with its reason and terms.
 */
export function summaryTable(report: ComplianceReport, listAcknowledgements = false): string {
  const rows = [['pack', 'errors', 'warnings', 'acknowledged', 'checks']];
  for (const pack of report.packs) {
    const findings = report.findings.filter((f) => f.pack === pack);
    const open = findings.filter((f) => f.acknowledgedReason === undefined);
    rows.push([
      pack,
      String(open.filter((f) => f.level === 'error').length),
      String(open.filter((f) => f.level !== 'error').length),
      String(findings.length - open.length),
      String(report.checks.filter((c) => c.pack === pack).length),
    ]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));

  const errors = report.findings.filter((f) => f.level === 'error' && f.acknowledgedReason === undefined);
  if (errors.length > 0) {
    lines.push('', 'Unacknowledged errors:');
    lines.push(...errors.map((f) => `  ${f.findingId} @ ${f.constructPath} (${f.stackName} ${f.logicalId})${f.sourceFile ? ` ${f.sourceFile}:${f.sourceLine}` : ''}: ${f.message}`));
  }
  const expired = report.acknowledgements.filter((ack) => ack.used && ack.expired);
  if (expired.length > 0) {
    lines.push('', 'Expired acknowledgements (their findings count again):');
    lines.push(...expired.map((ack) => `  ${ack.findingId} @ ${ack.constructPath} (${ack.stackName}) expired ${ack.expires}${ack.ticket ? ` ${ack.ticket}` : ''}: ${ack.reason}`));
  }
  const stale = report.acknowledgements.filter((ack) => !ack.used);
  if (stale.length > 0) {
    lines.push('', 'Stale acknowledgements (they hide no finding):');
    lines.push(...stale.map((ack) => `  ${ack.findingId} @ ${ack.constructPath} (${ack.stackName}): ${ack.reason}`));
  }
  if (listAcknowledgements && report.acknowledgements.length > 0) {
    lines.push('', 'Acknowledgements:');
    lines.push(...report.acknowledgements.map((ack) => {
      const terms = [ack.expires ? `expires ${ack.expires}` : 'no expiry', ack.ticket].filter((term) => term !== undefined).join(', ');
      return `  ${ack.findingId} @ ${ack.constructPath} (${ack.stackName}) [${terms}]: ${ack.reason}`;
    }));
  }
  if (report.baselineCompared) {
    lines.push('', ...permissionDiff(report));
  }
  const access = report.baselineCompared ? `, ${report.accessAdded === 0 ? 'no' : report.accessAdded} permission change(s) adding access` : '';
  lines.push('', report.passed
    ? `PASSED: no unacknowledged error${access}.`
    : `FAILED: ${report.unacknowledgedErrors} unacknowledged error(s)${access}.`);
  return lines.join('\n');
}

/**
 * The permission changes since the baseline, as a diff: `+` added, `-` removed; those that add
 * access marked `ADDS ACCESS`, the others (narrower, or removed) shown for information.
 */
function permissionDiff(report: ComplianceReport): string[] {
  const changes = report.permissionChanges;
  if (changes.length === 0) {
    return ['Permissions: the same as the baseline.'];
  }
  const lines = [`Permission changes since the baseline (${report.accessAdded} adding access):`];
  for (const { change, permission: p, addsAccess } of changes) {
    const mark = addsAccess ? 'ADDS ACCESS' : change === 'added' ? 'within baseline' : 'info';
    const condition = p.condition ? ` when ${p.condition}` : '';
    lines.push(`  ${change === 'added' ? '+' : '-'} [${mark}] ${p.effect} ${p.principal} ${p.action} on ${p.resource}${condition} (${p.grantedBy.join(', ')})`);
  }
  return lines;
}
