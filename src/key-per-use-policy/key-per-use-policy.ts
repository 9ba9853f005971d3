import { Annotations, CfnParameter, DefaultStackSynthesizer, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import { KeyUse } from './key-use';
import { auditKeyStatements } from '../private/audit-key-statements';
import { InvalidPropError } from '../private/errors';
import { findingText } from '../private/finding-text';
import {
  KMS_GRANT_REMOVAL_ACTIONS,
  KMS_READ_ACTIONS,
  KMS_ROUTINE_ADMIN_ACTIONS,
  KMS_SENSITIVE_ADMIN_ACTIONS,
  KMS_USAGE_ACTIONS,
} from '../private/kms-actions';
import { markKmsKeyArnParameter } from '../private/markers';

/**
 * A source of one customer-managed KMS key per use.
 */
export interface IKeyPerUsePolicy extends IConstruct {
  /**
   * The key for a use. Every call for the same use returns the same key.
   *
   * @param use what the key protects
   */
  keyFor(use: KeyUse): kms.IKey;
}

/**
 * Properties of a `KeyPerUsePolicy`.
 */
export interface KeyPerUsePolicyProps {
  /**
   * Roles allowed the sensitive key administration (schedule or cancel deletion, disable the
   * key or its rotation, replace the key policy, delete or repoint aliases, tag or untag the
   * key, revoke or retire its grants). Everyone else in the account, root included, is
   * explicitly denied those actions. The roles still need an IAM policy that allows the
   * actions: the key policy delegates to IAM.
   *
   * Roles are matched by their exact ARN, path included (`aws:PrincipalArn`). Pass a role of
   * this app, or `iam.Role.fromRoleArn(scope, id, 'arn:aws:iam::123456789012:role/path/name')`;
   * `iam.Role.fromRoleName` can't know the role's path, so it is warned about.
   *
   * @default - no admin roles: only the deployer can administer the keys (warned at synth)
   */
  readonly adminRoles?: iam.IRole[];

  /**
   * The principals that deploy the stack, exempted from the guard like the admins: KMS rejects
   * a key policy that would lock its caller out of `kms:PutKeyPolicy`, and CloudFormation
   * updates the keys' tags. Name a dedicated CloudFormation execution role here (or give it to
   * the stack's `DefaultStackSynthesizer` as `cloudFormationExecutionRole`), not the account's
   * shared CDK bootstrap role, which is warned about: anyone who can deploy any stack with it
   * could rewrite these key policies. Required when the stack's synthesizer has no
   * CloudFormation execution role, e.g. with `CliCredentialsStackSynthesizer`.
   *
   * @default - the CloudFormation execution role of the stack's `DefaultStackSynthesizer`
   */
  readonly deployerPrincipalArns?: string[];

  /**
   * The prefix of the keys' aliases; each key is `alias/<aliasPrefix>/<use>`.
   *
   * @default - `<stack name>/<construct id>`
   */
  readonly aliasPrefix?: string;

  /**
   * An SSM parameter path under which each key's ARN is published as `<prefix>/<use>`, so
   * other stacks and apps can use the same keys through `KeyPerUsePolicy.fromParameters`.
   *
   * @default - the key ARNs are not published
   */
  readonly parameterPrefix?: string;

  /**
   * Uses whose keys are created at once rather than on first `keyFor`: useful in a platform
   * stack whose keys are consumed by other stacks.
   *
   * @default - keys are created on first use only
   */
  readonly uses?: KeyUse[];

  /**
   * Days a deleted key waits before it is destroyed.
   *
   * @default 30
   */
  readonly pendingWindowDays?: number;
}

/**
 * One customer-managed KMS key per use, not per service: rotation on, retained on stack
 * deletion, an alias naming the use, and a key policy that lets the account delegate ordinary
 * use through IAM while denying the sensitive administration to all but the key admins.
 */
export class KeyPerUsePolicy extends Construct implements IKeyPerUsePolicy {
  /**
   * Uses the keys published by a `KeyPerUsePolicy` (with `parameterPrefix`) in another stack or
   * app, without creating keys.
   *
   * @param scope the scope of the imported keys
   * @param id the construct id
   * @param parameterPrefix the `parameterPrefix` the keys were published under
   */
  public static fromParameters(scope: Construct, id: string, parameterPrefix: string): IKeyPerUsePolicy {
    return new ImportedKeyPerUsePolicy(scope, id, validParameterPrefix(scope, parameterPrefix));
  }

  private readonly keysByUse = new Map<string, kms.Key>();
  private readonly aliasPrefix: string;
  private readonly parameterPrefix?: string;
  private readonly guardedPrincipalArns: string[];
  private readonly pendingWindow: Duration;

  constructor(scope: Construct, id: string, props: KeyPerUsePolicyProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.aliasPrefix = validAliasPrefix(this, props.aliasPrefix ?? `${stack.stackName}/${id}`);
    this.parameterPrefix = props.parameterPrefix === undefined ? undefined : validParameterPrefix(this, props.parameterPrefix);
    this.pendingWindow = Duration.days(validPendingWindow(this, props.pendingWindowDays ?? 30));

    const adminArns = (props.adminRoles ?? []).map((role) => role.roleArn);
    warnAboutAdminsByName(this, adminArns);
    const deployers = props.deployerPrincipalArns ?? [deployerOf(this, stack)];
    warnAboutSharedBootstrapDeployer(this, deployers);
    // The synthesizer's ARN holds `${AWS::Partition}`-style placeholders for CloudFormation to fill in.
    const deployerArns = props.deployerPrincipalArns ?? deployers.map((arn) => arn.includes('${') ? Fn.sub(arn) : arn);
    if (adminArns.length === 0) {
      Annotations.of(this).addWarningV2(
        'cdk-secure-serverless:KeyPerUsePolicy.noAdminRoles',
        'No adminRoles given: only the deployer can schedule deletion of, disable or re-policy these keys. ' +
        'Pass adminRoles to name the key administrators, or acknowledge this warning.',
      );
    }
    this.guardedPrincipalArns = [...adminArns, ...deployerArns];

    for (const use of props.uses ?? []) {
      this.keyFor(use);
    }
  }

  /**
   * The key for a use, created on first call. Every call for the same use returns the same key.
   *
   * @param use what the key protects
   */
  public keyFor(use: KeyUse): kms.IKey {
    return this.keysByUse.get(use.name) ?? this.createKey(use);
  }

  /**
   * The keys created so far, in order of creation.
   */
  public get keys(): kms.Key[] {
    return [...this.keysByUse.values()];
  }

  private createKey(use: KeyUse): kms.Key {
    const key = new kms.Key(this, `${pascal(use.name)}Key`, {
      description: `Customer-managed key for ${use.name} (${this.node.path})`,
      alias: `alias/${this.aliasPrefix}/${use.name}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: this.pendingWindow,
      policy: this.keyPolicy(use),
    });
    this.keysByUse.set(use.name, key);
    if (this.parameterPrefix) {
      new ssm.StringParameter(this, `${pascal(use.name)}KeyArn`, {
        parameterName: `${this.parameterPrefix}/${use.name}`,
        stringValue: key.keyArn,
        description: `ARN of the ${use.name} key of ${this.node.path}`,
      });
    }
    return key;
  }

  private keyPolicy(use: KeyUse): iam.PolicyDocument {
    const stack = Stack.of(this);
    const account = new iam.AccountRootPrincipal();
    const statements = [
      new iam.PolicyStatement({
        sid: 'DelegateToAccountIam',
        principals: [account],
        actions: [
          ...KMS_USAGE_ACTIONS, ...KMS_READ_ACTIONS, ...KMS_ROUTINE_ADMIN_ACTIONS, ...KMS_SENSITIVE_ADMIN_ACTIONS, ...KMS_GRANT_REMOVAL_ACTIONS,
        ],
        resources: ['*'],
      }),
      // Grants only for AWS services acting for the account (DynamoDB, Lambda, Backup, Logs), so
      // no principal can hand its use of the key on to another through a grant.
      new iam.PolicyStatement({
        sid: 'DenyGrantsExceptForAwsServices',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }),
      new iam.PolicyStatement({
        sid: 'DenySensitiveAdministrationToNonAdmins',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: KMS_SENSITIVE_ADMIN_ACTIONS,
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.guardedPrincipalArns } },
      }),
      // Conditions are ANDed: denied unless an admin or the deployer, a service acting for the
      // account on an AWS resource (kms:GrantIsForAWSResource, sent with RevokeGrant), or an AWS
      // service principal (a grant's retiring principal, e.g. dynamodb.<region>.amazonaws.com).
      new iam.PolicyStatement({
        sid: 'DenyGrantRemovalToNonAdmins',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: KMS_GRANT_REMOVAL_ACTIONS,
        resources: ['*'],
        conditions: {
          ArnNotEquals: { 'aws:PrincipalArn': this.guardedPrincipalArns },
          BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    ];
    if (use.name === KeyUse.AUDIT.name) {
      statements.push(...auditKeyStatements(stack, {}));
    }
    return new iam.PolicyDocument({ statements });
  }
}

/**
 * KMS rejects at creation a key policy that denies its caller `kms:PutKeyPolicy` (the lockout
 * safety check), and a later deploy would fail to update the policy. The caller is the
 * CloudFormation execution role of the stack's synthesizer.
 */
function deployerOf(scope: IConstruct, stack: Stack): string {
  if (stack.synthesizer instanceof DefaultStackSynthesizer) {
    return stack.synthesizer.cloudFormationExecutionRoleArn;
  }
  throw new InvalidPropError('KeyPerUsePolicy.UnknownDeployer', scope, 'deployerPrincipalArns',
    `the stack's synthesizer (${stack.synthesizer.constructor.name}) has no CloudFormation execution role, ` +
    'so the principal that deploys the keys is unknown and would be locked out of their key policies',
    'pass deployerPrincipalArns with the ARN of the role that deploys this stack');
}

/**
 * `aws:PrincipalArn` is a role's ARN with its path (the IAM User Guide, "AWS global condition
 * context keys"), and `iam.Role.fromRoleName` builds the ARN without one: an admin role that
 * has a path would be denied like everyone else. A full ARN, or a role of this app, is exact.
 */
function warnAboutAdminsByName(scope: IConstruct, adminArns: string[]): void {
  const stack = Stack.of(scope);
  for (const arn of adminArns) {
    const resolved = stack.resolve(arn);
    const byName = typeof resolved === 'string' ? undefined : /^arn:<AWS::Partition>:iam::[^/]*:role\/([^/]+)$/.exec(findingText(resolved));
    if (byName) {
      const account = Token.isUnresolved(stack.account) ? '<account>' : stack.account;
      Annotations.of(scope).addWarningV2('cdk-secure-serverless:KeyPerUsePolicy.adminRoleWithoutPath',
        `adminRoles: the role '${byName[1]}' was given by name (iam.Role.fromRoleName), so its ARN is taken to have no path; ` +
        'the key policy matches admins by exact ARN, so if the role has a path the admins are denied like everyone else. ' +
        `Pass iam.Role.fromRoleArn(scope, id, 'arn:aws:iam::${account}:role/<path>/${byName[1]}') with the role's full ARN ` +
        '(aws iam get-role shows it), or acknowledge this warning if the role has no path.');
    }
  }
}

/** The account's shared CDK bootstrap role, `cdk-<qualifier>-cfn-exec-role-<account>-<region>`. */
const BOOTSTRAP_EXECUTION_ROLE = /:role\/cdk-[a-z0-9]+-cfn-exec-role-/;

/** Exempting the bootstrap role exempts everyone who may deploy with it: say so. */
function warnAboutSharedBootstrapDeployer(scope: IConstruct, deployerArns: string[]): void {
  for (const arn of deployerArns.filter((each) => !Token.isUnresolved(each) && BOOTSTRAP_EXECUTION_ROLE.test(each))) {
    Annotations.of(scope).addWarningV2('cdk-secure-serverless:KeyPerUsePolicy.sharedBootstrapDeployer',
      `The deployer exempted from the key guard, ${arn}, is the account's shared CDK bootstrap execution role: ` +
      'anyone who can deploy any stack with it can rewrite these key policies, then delete or disable the keys. ' +
      'Deploy this stack with a dedicated CloudFormation execution role (new DefaultStackSynthesizer({ cloudFormationExecutionRole: ' +
      "'<its ARN>' }), or deployerPrincipalArns), or acknowledge this warning.");
  }
}

function validAliasPrefix(scope: IConstruct, prefix: string): string {
  const trimmed = prefix.replace(/^alias\//, '');
  if (!/^[a-zA-Z0-9/_-]{1,200}$/.test(trimmed) || trimmed.startsWith('aws/')) {
    throw new InvalidPropError('KeyPerUsePolicy.InvalidAliasPrefix', scope, 'aliasPrefix', `'${prefix}' is not a valid KMS alias prefix`,
      "use letters, digits, '/', '_' and '-' only (at most 200 characters), not starting with 'aws/'");
  }
  return trimmed;
}

function validParameterPrefix(scope: IConstruct, prefix: string): string {
  if (!/^\/[a-zA-Z0-9_.\-/]{1,900}$/.test(prefix) || prefix.endsWith('/')) {
    throw new InvalidPropError('KeyPerUsePolicy.InvalidParameterPrefix', scope, 'parameterPrefix', `'${prefix}' is not an SSM parameter path`,
      "use a path such as '/platform/keys': a leading '/', no trailing '/', letters, digits and '_.-/' only");
  }
  return prefix;
}

function validPendingWindow(scope: IConstruct, days: number): number {
  if (!Number.isInteger(days) || days < 7 || days > 30) {
    throw new InvalidPropError('KeyPerUsePolicy.PendingWindowOutOfRange', scope, 'pendingWindowDays', `${days} is outside KMS's 7 to 30 days`,
      'pass a whole number of days from 7 to 30 (30 gives the most time to notice a mistaken deletion)');
  }
  return days;
}

function pascal(name: string): string {
  return name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

/** The keys of another stack or app, found through the SSM parameters that stack published. */
class ImportedKeyPerUsePolicy extends Construct implements IKeyPerUsePolicy {
  private readonly keysByUse = new Map<string, kms.IKey>();

  constructor(scope: Construct, id: string, private readonly parameterPrefix: string) {
    super(scope, id);
  }

  public keyFor(use: KeyUse): kms.IKey {
    let key = this.keysByUse.get(use.name);
    if (!key) {
      const parameter = new CfnParameter(this, `${pascal(use.name)}KeyArn`, {
        type: 'AWS::SSM::Parameter::Value<String>',
        default: `${this.parameterPrefix}/${use.name}`,
        description: `ARN of the ${use.name} key, published by a KeyPerUsePolicy`,
      });
      markKmsKeyArnParameter(parameter);
      key = kms.Key.fromKeyArn(this, `${pascal(use.name)}Key`, parameter.valueAsString);
      this.keysByUse.set(use.name, key);
    }
    return key;
  }
}
