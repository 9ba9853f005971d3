import { CfnResource } from 'aws-cdk-lib';
import { IApplyRule, NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { SecureServerlessChecks } from '../../src/nag';
import { UnvalidatableValueError } from '../../src/nag/private/unvalidatable';

/** One violation of one rule on one resource, as a pack reported it. */
export interface PackFinding {
  readonly pack: string;
  /** The full rule id, with the finding's suffix (`SecureServerless-IamPolicyNoFullWildcards[Resource::*]`). */
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
}

/** A rule that threw on a resource: cdk-nag reports it as a finding of that rule. */
export interface RuleThrow {
  readonly pack: string;
  readonly rule: string;
  readonly path: string;
  readonly resourceType: string;
  /** Our pack's deliberate "could not be validated" (UnvalidatableValueError). */
  readonly unvalidatable: boolean;
  readonly message: string;
}

export interface PackRun {
  readonly pack: string;
  readonly millis: number;
  readonly findings: PackFinding[];
  readonly throws: RuleThrow[];
  /** validateScope itself threw: the pack crashed outside any rule. */
  readonly crash?: string;
}

/**
 * Runs packs over a tree the way cdk-nag v3's validation plugin does (`validateScope`), timing
 * each. A rule that throws becomes an ordinary finding in cdk-nag's report, so each pack's
 * `applyRule` is wrapped to see which findings were throws and why: the only way to tell our
 * pack's "could not be validated" from a crash.
 */
export class PackRunner {
  private readonly throws: RuleThrow[] = [];

  constructor(private readonly packs: NagPack[]) {
    for (const pack of packs) this.watchThrows(pack);
  }

  public run(scope: IConstruct): PackRun[] {
    return this.packs.map((pack) => {
      this.throws.length = 0;
      const start = process.hrtime.bigint();
      let findings: PackFinding[] = [];
      let crash: string | undefined;
      try {
        const report = pack.validateScope(scope);
        findings = report.violations.flatMap((violation) => violation.violatingResources.map((resource) => ({
          pack: pack.readPackName,
          rule: violation.ruleName,
          severity: violation.severity ?? 'error',
          path: resource.constructPath ?? '?',
        })));
      } catch (error) {
        crash = (error as Error).stack ?? String(error);
      }
      const millis = Number(process.hrtime.bigint() - start) / 1e6;
      return { pack: pack.readPackName, millis, findings, throws: [...this.throws], crash };
    });
  }

  private watchThrows(pack: NagPack): void {
    const watched = pack as unknown as { applyRule(params: IApplyRule): void };
    const applyRule = watched.applyRule.bind(pack);
    const record = this.throws;
    watched.applyRule = (params: IApplyRule) => {
      const rule = (node: CfnResource) => {
        try {
          return params.rule(node);
        } catch (error) {
          record.push({
            pack: pack.readPackName,
            rule: `${pack.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`,
            path: node.node.path,
            resourceType: node.cfnResourceType,
            unvalidatable: error instanceof UnvalidatableValueError,
            message: (error as Error).message,
          });
          throw error;
        }
      };
      Object.defineProperty(rule, 'name', { value: params.rule.name });
      applyRule({ ...params, rule });
    };
  }
}

/** Our pack's throws that are not a deliberate "could not be validated": bugs. */
export function isCrash(thrown: RuleThrow, ourPack: string): boolean {
  return thrown.pack === ourPack && !thrown.unvalidatable;
}

export const OUR_PACK = new SecureServerlessChecks().readPackName;
