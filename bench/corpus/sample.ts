import { FindingLabel } from './results-model';
import type { OurFinding } from './run';

/** Findings labelled per rule at most: enough to see a rule's precision, few enough to read each. */
const PER_RULE = 8;

/** The same finding, labelled or not. */
export function sampleKey(finding: Pick<OurFinding, 'unit' | 'logicalId' | 'rule'>): string {
  return `${finding.unit}#${finding.logicalId}#${finding.rule}`;
}

/**
 * The findings to label: per rule (suffix dropped), up to PER_RULE spread evenly over the rule's
 * findings in a fixed order, one per template first so one template's many copies don't fill it.
 */
export function pickSample(findings: OurFinding[]): OurFinding[] {
  const byRule = new Map<string, OurFinding[]>();
  for (const finding of [...findings].sort((a, b) => sampleKey(a).localeCompare(sampleKey(b)))) {
    const rule = finding.rule.replace(/\[.*$/, '');
    byRule.set(rule, [...(byRule.get(rule) ?? []), finding]);
  }
  const sample: OurFinding[] = [];
  for (const ruleFindings of byRule.values()) {
    const seenUnits = new Set<string>();
    const firstPerUnit = ruleFindings.filter((f) => !seenUnits.has(f.unit) && seenUnits.add(f.unit));
    const pool = firstPerUnit.length >= PER_RULE ? firstPerUnit : ruleFindings;
    const step = Math.max(1, pool.length / PER_RULE);
    for (let i = 0; i < Math.min(PER_RULE, pool.length); i++) sample.push(pool[Math.floor(i * step)]);
  }
  return sample;
}

/** Precision per rule (suffix dropped) on the labelled sample. */
export function precisionPerRule(labels: FindingLabel[]): Record<string, { labelled: number; truePositives: number; precision: number }> {
  const perRule: Record<string, { labelled: number; truePositives: number; precision: number }> = {};
  for (const label of labels) {
    const rule = label.rule.replace(/\[.*$/, '');
    const entry = perRule[rule] ?? { labelled: 0, truePositives: 0, precision: 0 };
    entry.labelled++;
    if (label.truePositive) entry.truePositives++;
    entry.precision = Math.round((entry.truePositives / entry.labelled) * 1000) / 10;
    perRule[rule] = entry;
  }
  return perRule;
}
