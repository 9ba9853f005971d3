/**
 * What the main job reports after synthesizing the example app: per pack, errors, warnings and
 * acknowledgements; the KMS keys created; and the IAM Allow statements whose resource is `*`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';

export interface PackCounts {
  readonly pack: string;
  readonly errors: number;
  readonly warnings: number;
  readonly acknowledgements: number;
}

export interface WildcardStatement {
  readonly template: string;
  readonly resource: string;
  readonly actions: string[];
}

/** A pack registered as a policy-validation plugin that keeps the report it gave CDK. */
export class RecordingPlugin implements IPolicyValidationPlugin {
  public readonly name: string;
  public report?: PolicyValidationPluginReport;

  constructor(private readonly pack: NagPack) {
    this.name = pack.name;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.report = this.pack.validate(context);
    return this.report;
  }
}

/** Findings per pack, from the reports the packs gave CDK during synthesis. */
export function packCounts(plugins: RecordingPlugin[], root: IConstruct): PackCounts[] {
  const acknowledged = acknowledgedIds(root);
  return plugins.map((plugin) => {
    if (!plugin.report) {
      throw new Error(`${plugin.name} did not run during synthesis`);
    }
    const count = (severity: string) => plugin.report!.violations
      .filter((violation) => (violation.severity ?? 'error') === severity)
      .reduce((sum, violation) => sum + violation.violatingResources.length, 0);
    return {
      pack: plugin.name,
      errors: count('error'),
      warnings: count('warning'),
      acknowledgements: acknowledged.filter((id) => id.startsWith(`${plugin.name}-`)).length,
    };
  });
}

/** Every acknowledged finding id in the tree, one entry per resource and finding. */
export function acknowledgedIds(root: IConstruct): string[] {
  const ids: string[] = [];
  for (const construct of root.node.findAll()) {
    const seen = new Set<string>();
    for (const entry of construct.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data) {
        Object.keys(entry.data).forEach((id) => seen.add(id.replace(/^annotation::/, '')));
      }
    }
    ids.push(...seen);
  }
  return ids;
}

export function templatesIn(outdir: string): Record<string, any> {
  return Object.fromEntries(readdirSync(outdir)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => [file, JSON.parse(readFileSync(join(outdir, file), 'utf8'))]));
}

export function kmsKeyCount(templates: Record<string, any>): number {
  return Object.values(templates)
    .flatMap((template) => Object.values<any>(template.Resources ?? {}))
    .filter((resource) => resource.Type === 'AWS::KMS::Key').length;
}

/** IAM Allow statements (identity policies) whose resource is `*`. */
export function wildcardResourceStatements(templates: Record<string, any>): WildcardStatement[] {
  const found: WildcardStatement[] = [];
  for (const [template, body] of Object.entries(templates)) {
    for (const [logicalId, resource] of Object.entries<any>(body.Resources ?? {})) {
      for (const document of policyDocuments(resource)) {
        for (const statement of [document.Statement ?? []].flat()) {
          const resources = [statement.Resource ?? []].flat();
          if (statement.Effect === 'Allow' && resources.includes('*')) {
            found.push({ template, resource: logicalId, actions: [statement.Action ?? []].flat() });
          }
        }
      }
    }
  }
  return found;
}

function policyDocuments(resource: any): any[] {
  switch (resource.Type) {
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy':
      return [resource.Properties.PolicyDocument];
    case 'AWS::IAM::Role':
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group':
      return (resource.Properties.Policies ?? []).map((policy: any) => policy.PolicyDocument);
    default:
      return [];
  }
}
