import { CfnElement, CfnOutput, CfnParameter, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isKmsKeyArnParameter } from '../private/markers';
import { synthesizedProperties } from '../private/rendered-properties';
import { templateReference } from '../private/template-references';

/**
 * What one leaf of a template value stands for: a literal, a pseudo parameter, an element of
 * the app (`Ref`/`Fn::GetAtt`, followed through imports), or something only CloudFormation
 * knows at deploy time, with the reason in words.
 */
export type TemplateLeaf =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'pseudo' }
  | { readonly kind: 'element'; readonly element: CfnElement }
  | { readonly kind: 'unknown'; readonly why: string };

/** Intrinsics whose result can't be written down at synthesis, though their arguments can be read. */
const COMPUTED = ['Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::Base64', 'Fn::Cidr', 'Fn::Length', 'Fn::ToJsonString', 'Fn::Transform'];

/**
 * The templates of one Stage (an App is one), as synthesis will write them, read after
 * Aspects have run and cross-stack references have become imports: every resource (rendered
 * on demand), every output and every logical id of every stack.
 *
 * Cross-stack references are followed in the templates rather than through CDK's tokens,
 * because property overrides (`addOverride`) are resolved by CDK's own resolver and reach the
 * template only as `Ref`, `Fn::GetAtt`, `Fn::ImportValue` or `Fn::GetStackOutput`: reading the
 * template sees every door the same way. A reference CDK turns into something else (nested
 * stack parameters, cross-region and cross-account readers) reads as a parameter or a custom
 * resource attribute, which is "not known at synthesis": callers fail closed on it.
 */
export class StageTemplates {
  /**
   * The templates of `scope`'s Stage as the current validation pass reads them, built once per
   * pass however many ScopedFunctions the Stage holds (rendering every policy once per
   * function made synthesis of 40 functions twice as slow).
   *
   * CDK validates a Stage before the constructs in it, so the Stage's own validation, added by
   * `watch`, drops the previous pass's templates (CDK refuses to synthesize a tree changed after
   * a first synthesis, so a later pass reads the same tree anyway).
   */
  public static forValidation(scope: IConstruct): StageTemplates {
    const stage = stageOf(scope);
    let templates = CURRENT.get(stage);
    if (!templates) {
      templates = new StageTemplates(stage);
      CURRENT.set(stage, templates);
    }
    return templates;
  }

  /** Makes the Stage of `scope` drop its templates at the start of each validation pass. */
  public static watch(scope: IConstruct): void {
    const stage = stageOf(scope);
    if (!WATCHED.has(stage)) {
      WATCHED.add(stage);
      stage.node.addValidation({
        validate: () => {
          CURRENT.delete(stage);
          return [];
        },
      });
    }
  }

  private readonly elements: CfnElement[];
  private readonly byStack = new Map<Stack, Map<string, CfnElement>>();
  private readonly exports = new Map<string, CfnOutput>();
  private readonly rendered = new Map<CfnResource, Record<string, any> | undefined>();

  /** @param stage the Stage (or App) whose templates to read */
  private constructor(stage: IConstruct) {
    this.elements = stage.node.findAll()
      .filter((construct): construct is CfnElement => CfnElement.isCfnElement(construct))
      .filter((element) => stageOf(element) === stage);
    for (const element of this.elements) {
      const stack = Stack.of(element);
      const ids = this.byStack.get(stack) ?? new Map<string, CfnElement>();
      ids.set(stack.resolve(element.logicalId), element);
      this.byStack.set(stack, ids);
      if (element instanceof CfnOutput && element.exportName !== undefined) {
        this.exports.set(String(stack.resolve(element.exportName)), element);
      }
    }
  }

  /** The stage's resources of the given CloudFormation types. */
  public resources(...types: string[]): CfnResource[] {
    return this.elements.filter((element): element is CfnResource =>
      CfnResource.isCfnResource(element) && types.includes(element.cfnResourceType));
  }

  /**
   * A resource's properties as synthesized: overrides applied, tokens resolved to literals and
   * intrinsics; `undefined` when the resource isn't synthesized.
   */
  public properties(resource: CfnResource): Record<string, any> | undefined {
    if (!this.rendered.has(resource)) {
      this.rendered.set(resource, synthesizedProperties(resource));
    }
    return this.rendered.get(resource);
  }

  /** Every leaf of a value of `stack`'s template; imports of this stage's exports are followed. */
  public leaves(stack: Stack, value: unknown): TemplateLeaf[] {
    if (typeof value === 'string') {
      return value.includes('{{resolve:')
        ? [{ kind: 'unknown', why: 'a dynamic reference resolved at deploy time' }]
        : [{ kind: 'literal', text: value }];
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      return [{ kind: 'literal', text: String(value) }];
    }
    if (Array.isArray(value)) {
      return value.flatMap((item) => this.leaves(stack, item));
    }
    if (typeof value !== 'object' || value === null) {
      return [];
    }
    const intrinsic = value as Record<string, any>;
    const reference = templateReference(intrinsic);
    if (reference?.kind === 'logicalId') {
      return [this.named(stack, reference.logicalId)];
    }
    if (intrinsic['Fn::ImportValue'] !== undefined || intrinsic['Fn::GetStackOutput'] !== undefined) {
      const traced = this.output(stack, intrinsic);
      return traced
        ? this.leaves(traced.stack, traced.value)
        : [{ kind: 'unknown', why: 'an import of an export made outside this app' }];
    }
    if (intrinsic['Fn::Sub'] !== undefined) {
      return this.substitutionLeaves(stack, intrinsic['Fn::Sub']);
    }
    if (intrinsic['Fn::Join'] !== undefined || intrinsic['Fn::If'] !== undefined) {
      // Fn::If: both branches, whatever the condition.
      const args = intrinsic['Fn::Join'] ?? (intrinsic['Fn::If'] as unknown[]).slice(1);
      return this.leaves(stack, args);
    }
    const computed = COMPUTED.find((name) => intrinsic[name] !== undefined);
    if (computed) {
      return [{ kind: 'unknown', why: `the result of ${computed}, computed at deploy time` }, ...this.leaves(stack, intrinsic[computed])];
    }
    const name = Object.keys(intrinsic).join(', ');
    return [{ kind: 'unknown', why: `a value (${name}) CloudFormation computes at deploy time` }];
  }

  /**
   * The value with each import of this stage's outputs replaced by the output's value, as
   * written in the exporting stack's template, so a `*` exported by another stack is seen.
   */
  public traced(stack: Stack, value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((item) => this.traced(stack, item));
    }
    if (typeof value !== 'object' || value === null) {
      return value;
    }
    const intrinsic = value as Record<string, any>;
    const output = this.output(stack, intrinsic);
    if (output) {
      return this.traced(output.stack, output.value);
    }
    return Object.fromEntries(Object.entries(intrinsic).map(([key, item]) => [key, this.traced(stack, item)]));
  }

  /**
   * The output of this Stage an import reads, with the stack that writes it: `Fn::ImportValue`
   * of an export (strong references), or `Fn::GetStackOutput` of another stack's output (weak
   * references, `@aws-cdk/core:defaultCrossStackReferences`).
   */
  private output(stack: Stack, intrinsic: Record<string, any>): { stack: Stack; value: unknown } | undefined {
    const reference = templateReference(intrinsic);
    let output: CfnOutput | undefined;
    if (reference?.kind === 'export') {
      output = this.exports.get(reference.exportName);
    } else if (reference?.kind === 'stackOutput') {
      const [, ids] = [...this.byStack.entries()].find(([candidate]) => candidate.stackName === reference.stackName) ?? [];
      const element = ids?.get(reference.outputName);
      output = element instanceof CfnOutput ? element : undefined;
    }
    if (!output || Stack.of(output) === stack) {
      // An import of the stack's own output would fail at deploy; it tells nothing here.
      return undefined;
    }
    const writer = Stack.of(output);
    return { stack: writer, value: writer.resolve(output.value) };
  }

  /** `Fn::Sub`: `${Name}` and `${Name.Attribute}` are references, `${!Literal}` is text. */
  private substitutionLeaves(stack: Stack, sub: unknown): TemplateLeaf[] {
    const [text, variables] = Array.isArray(sub) ? sub : [sub, {}];
    if (typeof text !== 'string') {
      return [{ kind: 'unknown', why: 'an Fn::Sub whose text is computed at deploy time' }];
    }
    const leaves: TemplateLeaf[] = [{ kind: 'literal', text }];
    for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
      const name = match[1];
      leaves.push(...(variables && name in variables ? this.leaves(stack, variables[name]) : [this.named(stack, name.split('.')[0])]));
    }
    return leaves;
  }

  /** What a logical id (or pseudo parameter) names, seen from `stack`. */
  private named(stack: Stack, logicalId: string): TemplateLeaf {
    if (logicalId.startsWith('AWS::')) {
      return logicalId === 'AWS::NotificationARNs'
        ? { kind: 'unknown', why: 'the notification ARNs given at deploy time' }
        : { kind: 'pseudo' };
    }
    // A reference into another stack still names that stack's logical id when it sits in an
    // override, which CDK doesn't turn into an import.
    const element = this.byStack.get(stack)?.get(logicalId)
      ?? [...this.byStack.values()].map((ids) => ids.get(logicalId)).find((found) => found !== undefined);
    if (!element) {
      return { kind: 'unknown', why: `a reference to ${logicalId}, which is not in this app` };
    }
    if (element instanceof CfnParameter) {
      // A KeyPerUsePolicy's published key ARN, imported through SSM: one known key.
      return isKmsKeyArnParameter(element) ? { kind: 'element', element } : { kind: 'unknown', why: 'a template parameter' };
    }
    if (CfnResource.isCfnResource(element) && isComputedByDeployment(element.cfnResourceType)) {
      return { kind: 'unknown', why: `an attribute of ${element.cfnResourceType} ${element.node.path}, known only at deploy time` };
    }
    return { kind: 'element', element };
  }
}

const CURRENT = new WeakMap<IConstruct, StageTemplates>();
const WATCHED = new WeakSet<IConstruct>();

/** The Stage (an App is one) whose templates hold a construct; references can't leave it. */
function stageOf(scope: IConstruct): IConstruct {
  return Stage.of(scope) ?? scope.node.root;
}

/** Resources whose attributes are whatever a Lambda function or another template returns. */
function isComputedByDeployment(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource' || type === 'AWS::CloudFormation::Stack';
}
