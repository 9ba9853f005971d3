import { CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { StageTemplates, TemplateLeaf } from './stage-templates';
import { findingText } from '../private/finding-text';

/** A policy document that is, or may be, attached to a role. */
export interface AttachedDocument {
  /** Where it sits, for messages: `managed policy Test/Fn/ServiceRole/Policy/Resource`. */
  readonly source: string;
  /** The stack whose template holds the document. */
  readonly stack: Stack;
  readonly document: unknown;
}

/** The documents attached to a role, and what could not be read. */
export interface RoleAttachments {
  readonly documents: AttachedDocument[];
  /** Why some attachment can't be checked, one sentence each (no path, no fix). */
  readonly unreadable: string[];
}

/** The resource types that attach a policy document to a role, and the property naming it. */
const ATTACHING_TYPES: Record<string, { readonly kind: string; readonly property: string }> = {
  'AWS::IAM::Policy': { kind: 'policy', property: 'Roles' },
  'AWS::IAM::ManagedPolicy': { kind: 'managed policy', property: 'Roles' },
  'AWS::IAM::RolePolicy': { kind: 'role policy', property: 'RoleName' },
};

/**
 * Every policy document attached to a role anywhere in the role's Stage, read from the
 * templates as they will be deployed: the role's inline `Policies` and `ManagedPolicyArns`,
 * and every `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy` and `AWS::IAM::RolePolicy` whose
 * roles name it, in any stack, directly or through an import.
 *
 * A policy whose role can't be known at synthesis (a parameter, an import from outside the
 * app, a custom resource attribute) may be attached to this role, so it counts, with that
 * said in its source: the check fails closed.
 */
export function roleAttachments(templates: StageTemplates, role: iam.Role): RoleAttachments {
  const cfnRole = role.node.defaultChild as iam.CfnRole;
  const stack = Stack.of(cfnRole);
  const properties = templates.properties(cfnRole) ?? {};
  const roleName = typeof properties.RoleName === 'string' ? properties.RoleName : undefined;
  const documents: AttachedDocument[] = [];
  const unreadable: string[] = [];
  const seen = new Set<CfnResource>();

  const inline = properties.Policies;
  if (inline !== undefined && !Array.isArray(inline)) {
    unreadable.push(`the role's inline Policies are ${findingText(inline)}, not known at synthesis`);
  }
  for (const policy of Array.isArray(inline) ? inline.flatMap(eitherBranch) : []) {
    if (typeof policy?.PolicyName !== 'string' || typeof policy?.PolicyDocument !== 'object') {
      unreadable.push(`the role's inline policy ${findingText(policy)} is not known at synthesis`);
    } else {
      documents.push({ source: `inline policy '${policy.PolicyName}' of ${role.node.path}`, stack, document: policy.PolicyDocument });
    }
  }

  const arns = properties.ManagedPolicyArns;
  for (const arn of Array.isArray(arns) ? arns : arns === undefined ? [] : [arns]) {
    const managed = soleElement(templates.leaves(stack, arn));
    if (managed && CfnResource.isCfnResource(managed) && managed.cfnResourceType === 'AWS::IAM::ManagedPolicy') {
      seen.add(managed);
      documents.push({ source: `managed policy ${managed.node.path}`, stack: Stack.of(managed), document: templates.properties(managed)?.PolicyDocument });
    } else {
      unreadable.push(`the role holds the managed policy ${findingText(arn)}, whose statements can't be checked for wildcards`);
    }
  }

  for (const resource of templates.resources(...Object.keys(ATTACHING_TYPES))) {
    const { kind, property } = ATTACHING_TYPES[resource.cfnResourceType];
    const resourceProperties = templates.properties(resource);
    if (seen.has(resource) || resourceProperties === undefined) {
      continue;
    }
    const named = [resourceProperties[property]].flat().filter((entry) => entry !== undefined);
    const naming = named.map((entry) => ({ entry, verdict: namesRole(templates.leaves(Stack.of(resource), entry), cfnRole, roleName) }));
    const source = `${kind} ${resource.node.path}`;
    const document = resourceProperties.PolicyDocument;
    if (naming.some(({ verdict }) => verdict === 'yes')) {
      documents.push({ source, stack: Stack.of(resource), document });
    } else {
      const unknown = naming.find(({ verdict }) => verdict === 'maybe');
      if (unknown) {
        const why = `its role ${findingText(unknown.entry)} is not known at synthesis`;
        documents.push({ source: `${source}, which may be attached to the role (${why}),`, stack: Stack.of(resource), document });
      }
    }
  }
  return { documents, unreadable };
}

/** Both values an `Fn::If` can take (whatever the condition), none for `AWS::NoValue`. */
function eitherBranch(value: any): any[] {
  if (Array.isArray(value?.['Fn::If']) && value['Fn::If'].length === 3) {
    return [value['Fn::If'][1], value['Fn::If'][2]].flatMap(eitherBranch);
  }
  return value?.Ref === 'AWS::NoValue' ? [] : [value];
}

/** The one element a value refers to, when it is nothing but a reference to it. */
export function soleElement(leaves: TemplateLeaf[]) {
  const [leaf] = leaves;
  return leaves.length === 1 && leaf.kind === 'element' ? leaf.element : undefined;
}

/**
 * Whether a role entry names the role: `yes` when any reference in it leads to the role (a
 * name, or an ARN cut into a name by `iam.Role.fromRoleArn`), `maybe` when part of it is only
 * known at deploy time, `no` when it is made of other elements and literals. The role's name
 * is generated by CloudFormation unless overridden, so a literal names it only if it is that
 * override.
 */
function namesRole(leaves: TemplateLeaf[], role: iam.CfnRole, roleName: string | undefined): 'yes' | 'maybe' | 'no' {
  if (leaves.some((leaf) => leaf.kind === 'element' && leaf.element === role)) {
    return 'yes';
  }
  if (roleName !== undefined && leaves.length === 1 && leaves[0].kind === 'literal' && leaves[0].text === roleName) {
    return 'yes';
  }
  return leaves.some((leaf) => leaf.kind === 'unknown') ? 'maybe' : 'no';
}
