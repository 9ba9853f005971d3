import { CfnElement, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { BuiltInWildcardException } from './built-in-wildcard-exceptions';
import { wildcardActionAdvice, wildcardResourceAdvice } from './wildcard-alternatives';
import { findingText } from '../private/finding-text';

/** One policy document attached to the role, resolved, with a name for error messages. */
interface AttachedDocument {
  readonly source: string;
  readonly document: any;
}

const WILDCARD = /[*?]/;

/**
 * Fails synthesis when a role holds an Allow statement with a wildcard: an action containing
 * `*` or `?` (`*`, `s3:*`, `s3:Get*`, `kms:GenerateDataKey*`), a resource containing one (`*`,
 * `arn:...:table/*`, `<Bucket.Arn>/*`), or `NotAction`/`NotResource`. It reads every policy
 * attached to the role in its stack: its managed policy, inline policies on the role, other
 * `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` resources naming it; an AWS-managed policy
 * can't be read and fails too.
 *
 * Allowed: the built-in exceptions (actions AWS only grants on `*`), and the wildcard actions or
 * resources registered with a reason. Resources are compared in cdk-nag's rendering
 * (`<Bucket.Arn>/*`), so an exception and its acknowledgement name the same thing.
 *
 * A `*` inside an intrinsic the template resolves at deploy time isn't seen: a log group's
 * `Arn` attribute ends in `:*` (its log streams), which is scoped to that one group.
 */
export class WildcardEnforcement {
  private readonly allowedActions = new Map<string, string>();
  private readonly allowedResources = new Map<string, string>();

  constructor(
    private readonly owner: IConstruct,
    private readonly role: iam.Role,
    private readonly builtIns: () => BuiltInWildcardException[],
  ) {}

  /** Registers a wildcard action; returns its rendering. */
  public allowAction(action: string, reason: string): string {
    this.allowedActions.set(action, reason);
    return action;
  }

  /** Registers a wildcard resource; returns its rendering in cdk-nag's form. */
  public allowResource(resource: string, reason: string): string {
    const text = findingText(Stack.of(this.owner).resolve(resource));
    this.allowedResources.set(text, reason);
    return text;
  }

  /** The violations, one message each; empty when the role holds no unexcepted wildcard. */
  public validate(): string[] {
    const errors: string[] = [];
    for (const attached of this.attachedDocuments(errors)) {
      for (const statement of asArray(attached.document?.Statement)) {
        errors.push(...this.checkStatement(statement, attached.source));
      }
    }
    return errors;
  }

  private checkStatement(statement: any, source: string): string[] {
    if ((statement.Effect ?? 'Allow') !== 'Allow') {
      return [];
    }
    const where = `statement ${describe(statement)} in ${source}`;
    const errors: string[] = [];
    const fail = (problem: string, fix: string) => errors.push(`[${this.owner.node.path}] ${where} ${problem}. Fix: ${fix}`);
    if (statement.NotAction !== undefined) {
      fail('uses NotAction, which allows every action but those listed', 'list the allowed actions in Action');
    }
    if (statement.NotResource !== undefined) {
      fail('uses NotResource, which allows every resource but those listed', 'list the allowed resources in Resource');
    }
    const actions = asArray(statement.Action).map(findingText);
    for (const action of actions.filter((name) => WILDCARD.test(name) && !this.allowedActions.has(name))) {
      fail(`allows the wildcard action '${action}'`, wildcardActionAdvice(action));
    }
    for (const resource of asArray(statement.Resource).map(findingText)) {
      if (WILDCARD.test(resource) && !this.resourceAllowed(resource, actions)) {
        fail(`allows the wildcard resource '${resource}'`, wildcardResourceAdvice(resource));
      }
    }
    return errors;
  }

  private resourceAllowed(resource: string, actions: string[]): boolean {
    if (this.allowedResources.has(resource)) {
      return true;
    }
    const builtIns = this.builtIns();
    return resource === '*' && actions.every((action) => builtIns.some((exception) => exception.actions.has(action)));
  }

  private attachedDocuments(errors: string[]): AttachedDocument[] {
    const stack = Stack.of(this.role);
    const cfnRole = this.role.node.defaultChild as iam.CfnRole;
    const roleRef = JSON.stringify(stack.resolve(cfnRole.ref));
    const namesRole = (roles: unknown) => asArray(stack.resolve(roles)).some((entry) => JSON.stringify(entry) === roleRef);

    const documents: AttachedDocument[] = [];
    for (const inline of asArray(stack.resolve(cfnRole.policies))) {
      documents.push({ source: `inline policy '${inline.policyName}' of ${this.role.node.path}`, document: stack.resolve(inline.policyDocument) });
    }
    const managedByLogicalId = new Map<string, iam.CfnManagedPolicy>();
    for (const construct of stack.node.findAll()) {
      if (construct instanceof iam.CfnPolicy && namesRole(construct.roles)) {
        documents.push({ source: `policy ${construct.node.path}`, document: stack.resolve(construct.policyDocument) });
      } else if (construct instanceof iam.CfnManagedPolicy) {
        managedByLogicalId.set(logicalIdOf(construct), construct);
        if (namesRole(construct.roles)) {
          documents.push({ source: `managed policy ${construct.node.path}`, document: stack.resolve(construct.policyDocument) });
        }
      }
    }
    for (const arn of asArray(stack.resolve(cfnRole.managedPolicyArns))) {
      const managed = typeof arn?.Ref === 'string' ? managedByLogicalId.get(arn.Ref) : undefined;
      if (managed) {
        documents.push({ source: `managed policy ${managed.node.path}`, document: stack.resolve(managed.policyDocument) });
      } else {
        errors.push(`[${this.owner.node.path}] the role holds the managed policy ${findingText(arn)}, whose statements ` +
          "can't be checked for wildcards. Fix: don't attach AWS-managed or imported policies to the role; grant exact " +
          'actions with the grant methods or fn.addToRolePolicy');
      }
    }
    return documents;
  }
}

function logicalIdOf(element: CfnElement): string {
  return Stack.of(element).resolve(element.logicalId);
}

function asArray(value: any): any[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** A statement in a line: `{Sid} Allow [actions] on [resources]`. */
function describe(statement: any): string {
  const sid = statement.Sid ? `'${statement.Sid}' ` : '';
  const actions = asArray(statement.Action ?? statement.NotAction).map(findingText).join(', ');
  const resources = asArray(statement.Resource ?? statement.NotResource).map(findingText).join(', ');
  return `${sid}(Allow [${actions}] on [${resources}])`;
}
