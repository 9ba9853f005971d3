import { Validations } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ComplianceGate, SecureServerlessChecks } from '../../src';

/** Every cdk-nag v3 pack the library promises to pass (the library's own pack is tested apart). */
export function allNagPacks(): NagPack[] {
  return ComplianceGate.nagPacks().filter((pack) => !(pack instanceof SecureServerlessChecks));
}

export interface NagFinding {
  readonly pack: string;
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
}

/** Unacknowledged findings of the given packs (default: every pack) on a construct tree. */
export function nagFindings(scope: IConstruct, packs: NagPack[] = allNagPacks()): NagFinding[] {
  const findings: NagFinding[] = [];
  for (const pack of packs) {
    const report = pack.validateScope(scope);
    for (const violation of report.violations) {
      for (const resource of violation.violatingResources) {
        findings.push({
          pack: pack.readPackName,
          rule: violation.ruleName,
          severity: violation.severity ?? 'error',
          path: resource.constructPath ?? '?',
        });
      }
    }
  }
  return findings;
}

/** Unacknowledged error-level findings, as `rule @ path` lines that read well in a failed test. */
export function nagErrors(scope: IConstruct, packs?: NagPack[]): string[] {
  return nagFindings(scope, packs)
    .filter((finding) => finding.severity === 'error')
    .map((finding) => `${finding.rule} @ ${finding.path}`);
}

/** Unacknowledged warning-level findings, as `rule @ path` lines. */
export function nagWarnings(scope: IConstruct, packs?: NagPack[]): string[] {
  return nagFindings(scope, packs)
    .filter((finding) => finding.severity !== 'error')
    .map((finding) => `${finding.rule} @ ${finding.path}`);
}

/**
 * Every acknowledgement recorded in a construct tree, as `path: id` lines (sorted), so a
 * test can pin them and a new one shows up as a diff.
 */
export function acknowledgements(scope: IConstruct): string[] {
  const lines = new Set<string>();
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data) {
        for (const id of Object.keys(entry.data)) {
          lines.add(`${construct.node.path}: ${id.replace(/^annotation::/, '')}`);
        }
      }
    }
  }
  return [...lines].sort();
}

/** The reasons given for the acknowledgements in a tree, keyed like `acknowledgements()`. */
export function acknowledgementReasons(scope: IConstruct): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data) {
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          reasons[`${construct.node.path}: ${id.replace(/^annotation::/, '')}`] = reason;
        }
      }
    }
  }
  return reasons;
}
