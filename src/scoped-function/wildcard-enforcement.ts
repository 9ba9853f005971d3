import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { BuiltInWildcardException } from './built-in-wildcard-exceptions';
import { AttachedDocument, roleAttachments, soleElement } from './role-attachments';
import { StageTemplates } from './stage-templates';
import { wildcardActionAdvice, wildcardResourceAdvice } from './wildcard-alternatives';
import { Failure } from '../private/errors';
import { findingText } from '../private/finding-text';

const WILDCARD = /[*?]/;

/**
 * Fails synthesis when a role holds an Allow statement with a wildcard: an action containing
 * `*` or `?` (`*`, `s3:*`, `s3:Get*`, `kms:GenerateDataKey*`), a resource containing one (`*`,
 * `arn:...:table/*`, `<Bucket.Arn>/*`), or `NotAction`/`NotResource`. It reads every policy
 * attached to the role anywhere in its Stage (`roleAttachments`); an AWS-managed policy can't be
 * read and fails too. An action or resource only known at deploy time (a template parameter,
 * an import from outside the app, a custom resource attribute) might be a wildcard, so it fails
 * closed like one.
 *
 * Allowed: the built-in exceptions (actions AWS only grants on `*`), and the wildcard actions,
 * resources and deploy-time values registered with a reason. Values are compared in cdk-nag's
 * rendering (`<Bucket.Arn>/*`, `<Parameter>`), so an exception and its acknowledgement name
 * the same thing.
 *
 * A `*` inside an attribute the template resolves at deploy time isn't seen: a log group's
 * `Arn` attribute ends in `:*` (its log streams), which is scoped to that one group.
 */
export class WildcardEnforcement {
  private readonly allowedActions = new Map<string, string>();
  private readonly allowedResources = new Map<string, string>();

  constructor(
    private readonly owner: IConstruct,
    private readonly role: iam.Role,
    private readonly fn: lambda.Function,
    private readonly builtIns: () => BuiltInWildcardException[],
  ) {}

  /** Registers a wildcard action (or a deploy-time value used as one); returns its rendering. */
  public allowAction(action: string, reason: string): string {
    const text = findingText(Stack.of(this.owner).resolve(action));
    this.allowedActions.set(text, reason);
    return text;
  }

  /** Registers a wildcard resource (or a deploy-time value used as one); returns its rendering in cdk-nag's form. */
  public allowResource(resource: string, reason: string): string {
    const text = findingText(Stack.of(this.owner).resolve(resource));
    this.allowedResources.set(text, reason);
    return text;
  }

  /**
   * The violations, one message each; empty when the role holds no unexcepted wildcard.
   *
   * @param templates the Stage's templates, read at validation (after Aspects and references)
   */
  public validate(templates: StageTemplates): Failure[] {
    const errors = this.replacedRoleErrors(templates);
    const { documents, unreadable } = roleAttachments(templates, this.role);
    for (const problem of unreadable) {
      errors.push(this.failure('ScopedFunction.UnreadablePolicy', problem, "don't attach AWS-managed, imported or computed policies " +
        'to the role; grant exact actions with the grant methods or fn.addToRolePolicy'));
    }
    for (const attached of documents) {
      errors.push(...this.checkDocument(templates, attached));
    }
    return errors;
  }

  /** The function must run as the role this enforcement reads, not one swapped in by an override. */
  private replacedRoleErrors(templates: StageTemplates): Failure[] {
    const cfnFunction = this.fn.node.defaultChild as lambda.CfnFunction;
    const role = templates.properties(cfnFunction)?.Role;
    if (soleElement(templates.leaves(Stack.of(cfnFunction), role)) === this.role.node.defaultChild) {
      return [];
    }
    return [this.failure('ScopedFunction.RoleReplaced', `the function's Role is ${findingText(role)}, not its own role ${this.role.node.path}, ` +
      'so its permissions escape this check', "don't override the function's Role; grant what it needs to the function")];
  }

  private checkDocument(templates: StageTemplates, attached: AttachedDocument): Failure[] {
    const document: any = attached.document;
    if (document === undefined) {
      return [];
    }
    if (typeof document !== 'object' || isIntrinsic(document) || isIntrinsic(document.Statement)) {
      return [this.failure('ScopedFunction.DeployTimePolicyDocument', `the document of ${attached.source} is ${findingText(document)}, not known at synthesis`,
        'write the policy document in the template, with exact actions and resources')];
    }
    return alternatives(document.Statement).flatMap((statement) => this.checkStatement(templates, attached, statement));
  }

  private checkStatement(templates: StageTemplates, attached: AttachedDocument, statement: any): Failure[] {
    if (typeof statement !== 'object' || statement === null || isIntrinsic(statement)) {
      return [this.failure('ScopedFunction.DeployTimeStatement', `a statement in ${attached.source} is ${findingText(statement)}, not known at synthesis`,
        'write the statement in the template, with exact actions and resources')];
    }
    if (statement.Effect === 'Deny') {
      return [];
    }
    const where = `statement ${describe(statement)} in ${attached.source}`;
    const errors: Failure[] = [];
    const fail = (code: string, problem: string, fix: string) => errors.push(this.failure(code, `${where} ${problem}`, fix));
    if (statement.NotAction !== undefined) {
      fail('ScopedFunction.NotAction', 'uses NotAction, which allows every action but those listed', 'list the allowed actions in Action');
    }
    if (statement.NotResource !== undefined) {
      fail('ScopedFunction.NotResource', 'uses NotResource, which allows every resource but those listed', 'list the allowed resources in Resource');
    }
    const read = (value: unknown) => this.read(templates, attached.stack, value);
    const actions = alternatives(statement.Action).map(read);
    for (const action of actions) {
      if (action.unknown && !action.isAllowedBy(this.allowedActions)) {
        fail('ScopedFunction.DeployTimeAction', `allows the action '${action.text}', ${action.unknown}, which is not known at synthesis`, deployTimeAdvice('allowWildcardAction'));
      } else if (!action.unknown && WILDCARD.test(action.traced) && !action.isAllowedBy(this.allowedActions)) {
        fail('ScopedFunction.WildcardAction', `allows the wildcard action '${action.traced}'`, wildcardActionAdvice(action.traced));
      }
    }
    for (const resource of alternatives(statement.Resource).map(read)) {
      if (resource.unknown && !resource.isAllowedBy(this.allowedResources)) {
        fail('ScopedFunction.DeployTimeResource', `allows the resource '${resource.text}', ${resource.unknown}, which is not known at synthesis`, deployTimeAdvice('allowWildcardResource'));
      } else if (!resource.unknown && WILDCARD.test(resource.traced) && !this.resourceAllowed(resource, actions.map((action) => action.traced))) {
        fail('ScopedFunction.WildcardResource', `allows the wildcard resource '${resource.traced}'`, wildcardResourceAdvice(resource.traced));
      }
    }
    return errors;
  }

  /** A value as written (`text`), as read through this app's exports (`traced`), and why it is unknown, if it is. */
  /** A failure of the function (no prop: the problem names the policy or statement). */
  private failure(code: string, problem: string, fix: string): Failure {
    return { code, scope: this.owner, problem, fix };
  }

  private read(templates: StageTemplates, stack: Stack, value: unknown): ReadValue {
    const text = findingText(value);
    const traced = findingText(templates.traced(stack, value));
    const unknown = templates.leaves(stack, value).find((leaf) => leaf.kind === 'unknown');
    return {
      text,
      traced,
      unknown: unknown?.kind === 'unknown' ? unknown.why : undefined,
      isAllowedBy: (allowed) => allowed.has(text) || allowed.has(traced),
    };
  }

  private resourceAllowed(resource: ReadValue, actions: string[]): boolean {
    if (resource.isAllowedBy(this.allowedResources)) {
      return true;
    }
    const builtIns = this.builtIns();
    return resource.traced === '*' && actions.every((action) => builtIns.some((exception) => exception.actions.has(action)));
  }
}

interface ReadValue {
  readonly text: string;
  readonly traced: string;
  readonly unknown?: string;
  readonly isAllowedBy: (allowed: Map<string, string>) => boolean;
}

function deployTimeAdvice(method: string): string {
  return 'use a value known at synthesis (a literal or a reference to a resource of this app); if it can only be ' +
    `chosen at deploy time, register it with fn.${method}(<the same value>, '<why>')`;
}

function isIntrinsic(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) &&
    Object.keys(value).some((key) => key === 'Ref' || key.startsWith('Fn::'));
}

/**
 * The entries a statement field can hold: a list flattened, both branches of every `Fn::If`
 * (whatever the condition), `AWS::NoValue` dropped.
 */
function alternatives(value: any): any[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap(alternatives);
  }
  if (typeof value === 'object' && Array.isArray(value['Fn::If']) && value['Fn::If'].length === 3) {
    return [value['Fn::If'][1], value['Fn::If'][2]].flatMap(alternatives);
  }
  if (typeof value === 'object' && value.Ref === 'AWS::NoValue') {
    return [];
  }
  return [value];
}

/** A statement in a line: `{Sid} Allow [actions] on [resources]`. */
function describe(statement: any): string {
  const sid = typeof statement.Sid === 'string' ? `'${statement.Sid}' ` : '';
  const actions = alternatives(statement.Action ?? statement.NotAction).map(findingText).join(', ');
  const resources = alternatives(statement.Resource ?? statement.NotResource).map(findingText).join(', ');
  return `${sid}(Allow [${actions}] on [${resources}])`;
}
