import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { IApplyRule, NagMessageLevel, NagPack, NagRuleCompliance } from 'cdk-nag';
import { StackTemplate } from './assembly';

/** What one rule of one pack said about one resource it applies to. */
export interface RuleOutcome {
  readonly pack: string;
  /** `<pack>-<rule>`, the id without a granular suffix. */
  readonly rule: string;
  readonly level: 'error' | 'warning';
  readonly info: string;
  readonly explanation: string;
  readonly stackName: string;
  /** The template the resource is in (a nested stack's own). */
  readonly templateFile: string;
  readonly logicalId: string;
  /** The resource's construct path in the synthesized app, else its logical id. */
  readonly constructPath: string;
  /** The finding ids (`rule`, or `rule[granular]` per finding); empty when the resource complies. */
  readonly findingIds: string[];
  /** Set when the rule threw (e.g. on a value it could not resolve): counted as a finding, as cdk-nag does. */
  readonly ruleError?: string;
}

/**
 * Loads each template into a stack of a fresh app with `CfnInclude` (real L1 classes, logical ids
 * kept) and runs the packs over it with `validateScope`. Every rule a pack applies goes through
 * `NagPack.applyRule`; the gate observes those calls instead of reading the pack's violation
 * report, because the report omits what the gate needs: the rules that passed (JUnit's test
 * cases), the findings acknowledgements hide (the report lists them, cdk-nag drops them), and
 * each rule's explanation apart from its one-line info.
 */
export function runPacks(stacks: StackTemplate[], packs: NagPack[]): RuleOutcome[] {
  const outcomes: RuleOutcome[] = [];
  const app = new App();
  stacks.forEach((template, index) => {
    const stack = new Stack(app, `Stack${index}`);
    const include = new CfnInclude(stack, 'Template', { templateFile: template.templateFile });
    const pathOf = new Map<CfnResource, { logicalId: string; constructPath: string }>();
    for (const logicalId of Object.keys(template.template.Resources ?? {})) {
      const resource = include.getResource(logicalId);
      pathOf.set(resource, { logicalId, constructPath: template.constructPaths.get(logicalId) ?? logicalId });
    }
    for (const pack of packs) {
      observeRules(pack, (params, findingIds, ruleError) => {
        const where = pathOf.get(params.node);
        if (!where) {
          return;
        }
        outcomes.push({
          pack: pack.readPackName,
          rule: `${pack.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`,
          level: params.level === NagMessageLevel.ERROR ? 'error' : 'warning',
          info: params.info,
          explanation: params.explanation,
          stackName: template.stackName,
          templateFile: template.templateFile,
          ...where,
          findingIds,
          ruleError,
        });
      });
      pack.validateScope(stack);
    }
  });
  return outcomes;
}

type Observer = (params: IApplyRule, findingIds: string[], ruleError?: string) => void;

/**
 * Replaces the pack's `applyRule` (the one funnel of every rule in cdk-nag v3, nag-pack.ts) with
 * one that evaluates the rule once and reports it; not-applicable results are not reported.
 */
function observeRules(pack: NagPack, observer: Observer): void {
  const target = pack as unknown as { applyRule(params: IApplyRule): void };
  target.applyRule = (params: IApplyRule) => {
    const rule = `${pack.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`;
    try {
      const result = params.rule(params.node);
      if (result === NagRuleCompliance.NON_COMPLIANT) {
        observer(params, [rule]);
      } else if (Array.isArray(result)) {
        observer(params, result.map((finding) => `${rule}[${finding}]`));
      } else if (result === NagRuleCompliance.COMPLIANT) {
        observer(params, []);
      }
    } catch (error) {
      observer(params, [rule], (error as Error).message);
    }
  };
}
