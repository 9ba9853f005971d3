import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { IPolicyValidationContextBeta1, IPolicyValidationPluginBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';

/** One accepted Control Tower finding: one rule on the resources matching a logical-id glob, with the reason. */
export interface GuardSkip { readonly rule: string; readonly resource: string; readonly reason: string }

export function guardSkips(): GuardSkip[] {
  return JSON.parse(readFileSync(join(__dirname, 'guard-skips.json'), 'utf8'));
}

/**
 * AWS Control Tower's proactive controls (cfn-guard rules shipped with
 * @cdklabs/cdk-validator-cfnguard, run offline by its bundled cfn-guard binary), registered as a
 * policy-validation plugin that keeps its report.
 */
export class RecordingGuard implements IPolicyValidationPluginBeta1 {
  public readonly name: string;
  public report?: PolicyValidationPluginReportBeta1;
  private readonly guard = new CfnGuardValidator({ controlTowerRulesEnabled: true });

  constructor() {
    this.name = this.guard.name;
  }

  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    this.report = this.guard.validate(context);
    return this.report;
  }

  /** Findings not in the skip list, as `rule logicalId: description` lines, and how many were skipped. */
  public findings(skips: GuardSkip[]): { failures: string[]; skipped: number } {
    if (!this.report) {
      throw new Error('cfn-guard did not run during synthesis');
    }
    const failures: string[] = [];
    let skipped = 0;
    for (const violation of this.report.violations) {
      for (const resource of violation.violatingResources) {
        const logicalId = resource.resourceLogicalId;
        if (skips.some((skip) => skip.rule === violation.ruleName && glob(skip.resource).test(logicalId))) {
          skipped += 1;
        } else {
          failures.push(`${violation.ruleName} ${logicalId}: ${violation.description.split('\n')[0]}`);
        }
      }
    }
    return { failures, skipped };
  }
}

function glob(pattern: string): RegExp {
  return new RegExp('^' + pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}
