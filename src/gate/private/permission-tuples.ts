import { StackTemplate } from './assembly';
import { canonicalJson, StableText } from './stable-text';

/** A policy condition block: operator → condition key → values (each as text, sorted). */
export type Condition = Record<string, Record<string, string[]>>;

/**
 * One effective permission: a principal may (Allow) or may not (Deny) perform one action on one
 * resource, under a condition. A statement with lists is one permission per principal, action and
 * resource; `NotPrincipal`, `NotAction` and `NotResource` stay whole (`NotAction:a,b`), since their
 * items are not permissions of their own.
 */
export interface Permission {
  readonly effect: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly condition?: Condition;
  /** The construct paths of the policies (or resources) that state it. */
  readonly grantedBy: string[];
}

/**
 * The action a permission records when a principal holds a managed policy the assembly does not
 * contain (an AWS managed policy, or one imported by ARN): its statements can't be read offline,
 * so the attachment itself is the permission, its resource the policy's ARN.
 */
export const ATTACHED_POLICY_ACTION = '(attached managed policy)';

/** The identity of a permission, what makes two the same: everything but `grantedBy`. */
export function permissionKey(permission: Omit<Permission, 'grantedBy'>): string {
  return [permission.effect, permission.principal, permission.action, permission.resource, canonicalJson(permission.condition ?? {})].join('\u0000');
}

/**
 * Every permission the stacks grant or deny, sorted, one entry per identity (the policies that
 * state the same permission merged into its `grantedBy`):
 * - identity policies: a role's, user's or group's inline `Policies`, the `AWS::IAM::Policy` and
 *   `AWS::IAM::ManagedPolicy` resources attached to it, and the managed policies its
 *   `ManagedPolicyArns` names;
 * - resource policies: a role's trust policy, KMS key policies, S3 bucket, SQS queue, SNS topic,
 *   API Gateway REST API, Lambda (`AWS::Lambda::Permission`, `AWS::Lambda::ResourcePolicy`),
 *   DynamoDB table, Secrets Manager, ECR repository and CloudWatch Logs resource policies.
 * Permission boundaries and SCPs only narrow access and are not recorded.
 */
export function permissionsOf(stacks: StackTemplate[]): Permission[] {
  const assembly = StableText.assemblyOf(stacks);
  const found = new Map<string, Permission>();
  const add = (permission: Permission) => {
    const key = permissionKey(permission);
    const known = found.get(key);
    found.set(key, known
      ? { ...known, grantedBy: [...new Set([...known.grantedBy, ...permission.grantedBy])].sort() }
      : permission);
  };
  for (const stack of stacks) {
    new TemplatePermissions(stack, new StableText(stack, assembly)).forEach(add);
  }
  return [...found.values()].sort(comparePermissions);
}

function comparePermissions(a: Permission, b: Permission): number {
  return a.principal.localeCompare(b.principal) || a.resource.localeCompare(b.resource) ||
    a.action.localeCompare(b.action) || a.effect.localeCompare(b.effect) ||
    canonicalJson(a.condition ?? {}).localeCompare(canonicalJson(b.condition ?? {}));
}

/** The permissions one template states. */
class TemplatePermissions {
  private readonly resources: Record<string, any>;

  constructor(stack: StackTemplate, private readonly values: StableText) {
    this.resources = stack.template.Resources ?? {};
  }

  public forEach(add: (permission: Permission) => void): void {
    for (const [logicalId, resource] of Object.entries<any>(this.resources)) {
      const properties = resource?.Properties ?? {};
      const by = [this.values.nameOf(logicalId)];
      const statements = (document: unknown, principals?: string[], thisResource?: string) =>
        this.statements(document, by, principals, thisResource).forEach(add);
      switch (resource?.Type) {
        case 'AWS::IAM::Role':
          // the trust policy is the role's resource policy: who may assume it
          statements(properties.AssumeRolePolicyDocument, undefined, `\${${this.values.nameOf(logicalId)}.Arn}`);
          this.identity(logicalId, resource.Type, properties).forEach(add);
          break;
        case 'AWS::IAM::User':
        case 'AWS::IAM::Group':
          this.identity(logicalId, resource.Type, properties).forEach(add);
          break;
        case 'AWS::IAM::Policy':
        case 'AWS::IAM::ManagedPolicy':
          statements(properties.PolicyDocument, this.attachedTo(properties));
          break;
        case 'AWS::KMS::Key':
          // "In a key policy, the value of the Resource element is "*", which means "this KMS key""
          // (AWS KMS Developer Guide, Key policies in AWS KMS).
          statements(properties.KeyPolicy, undefined, `\${${this.values.nameOf(logicalId)}.Arn}`);
          break;
        case 'AWS::S3::BucketPolicy':
        case 'AWS::SQS::QueuePolicy':
        case 'AWS::SQS::QueueInlinePolicy':
        case 'AWS::SNS::TopicPolicy':
        case 'AWS::SNS::TopicInlinePolicy':
        case 'AWS::Lambda::ResourcePolicy':
        case 'AWS::Logs::ResourcePolicy':
          statements(properties.PolicyDocument);
          break;
        case 'AWS::ApiGateway::RestApi':
          statements(properties.Policy);
          break;
        case 'AWS::DynamoDB::Table':
          statements(properties.ResourcePolicy?.PolicyDocument, undefined, `\${${this.values.nameOf(logicalId)}.Arn}`);
          break;
        case 'AWS::SecretsManager::ResourcePolicy':
          statements(properties.ResourcePolicy, undefined, this.values.text(properties.SecretId));
          break;
        case 'AWS::ECR::Repository':
          statements(properties.RepositoryPolicyText, undefined, `\${${this.values.nameOf(logicalId)}.Arn}`);
          break;
        case 'AWS::Lambda::Permission':
          this.lambdaPermission(properties, by).forEach(add);
          break;
        default:
          break;
      }
    }
  }

  /** A role's, user's or group's inline policies and the managed policies it names. */
  private identity(logicalId: string, type: string, properties: any): Permission[] {
    const principal = [this.identityArn(type, { Ref: logicalId })];
    return [
      ...(properties.Policies ?? []).flatMap((inline: any) => this.statements(inline?.PolicyDocument, [this.values.nameOf(logicalId)], principal)),
      ...(properties.ManagedPolicyArns ?? []).flatMap((arn: unknown) => this.attached(arn, principal, [this.values.nameOf(logicalId)])),
    ];
  }

  /**
   * A policy document's statements as permissions. `principals` are the identity an identity
   * policy is attached to (its statements have no Principal); `thisResource` is what `*` or an
   * absent Resource means in a policy that belongs to one resource (a key policy, a trust policy).
   */
  private statements(document: unknown, grantedBy: string[], principals?: string[], thisResource?: string): Permission[] {
    const parsed = typeof document === 'string' ? parseJson(document) : document;
    const statements = (parsed as any)?.Statement;
    const found: Permission[] = [];
    for (const statement of [statements ?? []].flat()) {
      if (typeof statement !== 'object' || statement === null) {
        continue;
      }
      const effect = this.values.text(statement.Effect ?? 'Allow');
      const whos = principals ?? this.principals(statement);
      const actions = this.either(statement, 'Action', 'NotAction');
      let resources = this.either(statement, 'Resource', 'NotResource');
      if (thisResource !== undefined && (resources.length === 0 || (resources.length === 1 && resources[0] === '*'))) {
        resources = [thisResource];
      }
      const condition = this.condition(statement.Condition);
      for (const principal of whos) {
        for (const action of actions) {
          for (const resource of resources.length > 0 ? resources : ['*']) {
            found.push({ effect, principal, action, resource, ...(condition ? { condition } : {}), grantedBy });
          }
        }
      }
    }
    return found;
  }

  /** The items of `key`, or the whole `notKey` list as one item. */
  private either(statement: any, key: string, notKey: string): string[] {
    if (statement[notKey] !== undefined) {
      return [`${notKey}:${this.values.list(statement[notKey]).sort().join(',')}`];
    }
    return [...new Set(this.values.list(statement[key]))];
  }

  /** `Principal: "*"` is anyone; `{ AWS | Service | Federated | CanonicalUser: value(s) }` each a principal. */
  private principals(statement: any): string[] {
    if (statement.NotPrincipal !== undefined) {
      return [`NotPrincipal:${this.principalList(statement.NotPrincipal).sort().join(',')}`];
    }
    return this.principalList(statement.Principal);
  }

  private principalList(principal: unknown): string[] {
    if (principal === undefined) {
      return ['*'];
    }
    if (typeof principal === 'string') {
      return [principal === '*' ? '*' : `AWS:${principal}`];
    }
    if (isRecord(principal) && Object.keys(principal).every((kind) => ['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(kind))) {
      return Object.entries(principal).flatMap(([kind, value]) => this.values.list(value).map((item) => `${kind}:${item}`));
    }
    return [`AWS:${this.values.text(principal)}`];
  }

  private condition(block: unknown): Condition | undefined {
    if (!isRecord(block) || Object.keys(block).length === 0) {
      return undefined;
    }
    const condition: Condition = {};
    for (const [operator, keys] of Object.entries(block)) {
      condition[operator] = {};
      for (const [key, value] of Object.entries(isRecord(keys) ? keys : {})) {
        condition[operator][key] = [...new Set(this.values.list(value))].sort();
      }
    }
    return condition;
  }

  /** The identities (`Roles`, `Users`, `Groups` by name) an `AWS::IAM::Policy` or `ManagedPolicy` is attached to. */
  private attachedTo(properties: any): string[] {
    const principals = [
      ...(properties.Roles ?? []).map((role: unknown) => this.identityArn('AWS::IAM::Role', role)),
      ...(properties.Users ?? []).map((user: unknown) => this.identityArn('AWS::IAM::User', user)),
      ...(properties.Groups ?? []).map((group: unknown) => this.identityArn('AWS::IAM::Group', group)),
    ];
    return principals;
  }

  /**
   * The identity a name refers to: `AWS:${Stack/Role.Arn}` for one of this template (a `Ref` to a
   * role gives its name), else `AWS:role/<name>` (`user/`, `group/`) for one made elsewhere.
   */
  private identityArn(type: string, name: unknown): string {
    const ref = isRecord(name) && typeof name.Ref === 'string' ? name.Ref : undefined;
    if (ref !== undefined && this.resources[ref]?.Type === type) {
      return `AWS:\${${this.values.nameOf(ref)}.Arn}`;
    }
    return `AWS:${type.split('::')[2].toLowerCase()}/${this.values.text(name)}`;
  }

  /** A `ManagedPolicyArns` item: the statements of a managed policy of this template, else the attachment itself. */
  private attached(arn: unknown, principals: string[], grantedBy: string[]): Permission[] {
    const logicalId = isRecord(arn) && typeof arn.Ref === 'string' ? arn.Ref : undefined;
    const policy = logicalId ? this.resources[logicalId] : undefined;
    if (policy?.Type === 'AWS::IAM::ManagedPolicy') {
      return this.statements(policy.Properties?.PolicyDocument, [this.values.nameOf(logicalId!)], principals);
    }
    return principals.map((principal) => ({
      effect: 'Allow', principal, action: ATTACHED_POLICY_ACTION, resource: this.values.text(arn), grantedBy,
    }));
  }

  /**
   * `AWS::Lambda::Permission` is one statement of the function's resource policy. Lambda writes
   * its properties as conditions: SourceArn as `ArnLike AWS:SourceArn`, SourceAccount as
   * `StringEquals AWS:SourceAccount`, PrincipalOrgID as `StringEquals aws:PrincipalOrgID`,
   * FunctionUrlAuthType as `StringEquals lambda:FunctionUrlAuthType` (Lambda Developer Guide,
   * Working with resource-based IAM policies in Lambda).
   */
  private lambdaPermission(properties: any, grantedBy: string[]): Permission[] {
    const principal = this.values.text(properties.Principal);
    const who = principal === '*' ? '*' : /\.amazonaws\.com(\.cn)?$/.test(principal) ? `Service:${principal}` : `AWS:${principal}`;
    const block: Record<string, Record<string, unknown>> = {};
    const put = (operator: string, key: string, value: unknown) => {
      if (value !== undefined) {
        block[operator] = { ...block[operator], [key]: value };
      }
    };
    put('ArnLike', 'AWS:SourceArn', properties.SourceArn);
    put('StringEquals', 'AWS:SourceAccount', properties.SourceAccount);
    put('StringEquals', 'aws:PrincipalOrgID', properties.PrincipalOrgID);
    put('StringEquals', 'lambda:FunctionUrlAuthType', properties.FunctionUrlAuthType);
    put('StringEquals', 'lambda:EventSourceToken', properties.EventSourceToken);
    const condition = this.condition(block);
    return [{
      effect: 'Allow',
      principal: who,
      action: this.values.text(properties.Action),
      resource: this.functionArn(properties.FunctionName),
      ...(condition ? { condition } : {}),
      grantedBy,
    }];
  }

  /** A function named by `Ref` (its name) or `GetAtt .Arn` is the same function: `${Stack/Fn.Arn}`. */
  private functionArn(name: unknown): string {
    if (isRecord(name) && typeof name.Ref === 'string' && this.resources[name.Ref]?.Type === 'AWS::Lambda::Function') {
      return `\${${this.values.nameOf(name.Ref)}.Arn}`;
    }
    return this.values.text(name);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
