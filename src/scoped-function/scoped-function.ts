import { CfnResource, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BuiltInWildcardException, VPC_NETWORK_INTERFACES, XRAY_TRACING } from './built-in-wildcard-exceptions';
import { allowHttpsToPrefixList, EndpointService, endpointServices, functionSecurityGroup } from './function-network';
import { grantedStatementsFor, restrictEndpointPolicy } from './gateway-endpoint-policy';
import { isDeprecatedRuntime, latestNodeRuntime } from './lambda-runtimes';
import {
  acknowledgeBuiltInWildcards,
  acknowledgeDeadLetterQueue,
  acknowledgeOutsideVpc,
  acknowledgeWildcardAction,
  acknowledgeWildcardResource,
} from './scoped-function-acknowledgements';
import { LAMBDA_LIMITS, SCOPED_FUNCTION_DEFAULTS } from './scoped-function-defaults';
import { ScopedFunctionProps } from './scoped-function-props';
import { ScopedRole } from './scoped-role';
import { StageTemplates } from './stage-templates';
import { WildcardEnforcement } from './wildcard-enforcement';
import { KeyUse } from '../key-per-use-policy';
import { addFailureCheck, Failure, requireProp } from '../private/errors';
import { resolveKey } from '../private/key-resolution';

/**
 * A Lambda function whose role holds exactly what it was granted, enforced at synthesis.
 *
 * The role starts empty (no `AWSLambdaBasicExecutionRole`, no AWS-managed policy) and keeps
 * every permission in one customer-managed policy: writing to the function's own encrypted log
 * group, sending to its encrypted dead-letter queue, X-Ray, and whatever is granted to it
 * (`table.grantActions(fn, ...)`, `bucket.grantRead(fn)`, `fn.addToRolePolicy(...)`).
 *
 * Synthesis fails, naming the function, the policy and the statement, when any Allow
 * statement attached to the role anywhere in the app (any stack; `AWS::IAM::Policy`,
 * `AWS::IAM::RolePolicy`, `AWS::IAM::ManagedPolicy`, the role's own `Policies` and
 * `ManagedPolicyArns`, overrides and Aspects included) has a wildcard action (`*`, `s3:*`,
 * `s3:Get*`), a wildcard resource, or an action or resource only known at deploy time (a
 * template parameter, an import from outside the app), unless AWS requires it (X-Ray; ENI
 * management in a VPC) or it was registered with a reason through `allowWildcardAction` /
 * `allowWildcardResource`, which also acknowledge the matching cdk-nag findings with the same
 * reason.
 */
export class ScopedFunction extends Construct implements iam.IGrantable {
  /** The Lambda function. */
  public readonly function: lambda.Function;

  /** The function's execution role. */
  public readonly role: iam.IRole;

  /** The customer-managed policy that holds all of the role's permissions. */
  public readonly policy: iam.ManagedPolicy;

  /** The function's log group, encrypted and with a retention period. */
  public readonly logGroup: logs.ILogGroup;

  /** The encrypted queue that receives asynchronous events that failed every attempt. */
  public readonly deadLetterQueue: sqs.IQueue;

  /** The function's security group, when it is placed in a VPC. */
  public readonly securityGroup?: ec2.ISecurityGroup;

  /** The gateway endpoints created for the function (see `gatewayEndpoints`). */
  public readonly gatewayEndpoints: ec2.IGatewayVpcEndpoint[];

  /** The principal grants go to: the function's role, whose statements land in `policy`. */
  public readonly grantPrincipal: iam.IPrincipal;

  private readonly enforcement: WildcardEnforcement;
  private readonly builtIns: BuiltInWildcardException[];

  constructor(scope: Construct, id: string, props: ScopedFunctionProps) {
    super(scope, id);
    const runtime = this.validRuntime(props.runtime ?? latestNodeRuntime());
    const memorySize = this.validMemorySize(props.memorySize ?? SCOPED_FUNCTION_DEFAULTS.memorySize);
    const timeout = this.validTimeout(props.timeout ?? SCOPED_FUNCTION_DEFAULTS.timeout);
    const reservedConcurrentExecutions = this.validConcurrency(
      props.reservedConcurrentExecutions ?? SCOPED_FUNCTION_DEFAULTS.reservedConcurrentExecutions);
    const logKey = this.keyFor(props, KeyUse.AUDIT, 'logKey', props.logKey, "the function's log group");
    const deadLetterKey = this.keyFor(props, KeyUse.MESSAGING, 'deadLetterKey', props.deadLetterKey, "the function's dead-letter queue");
    const environmentKey = this.keyFor(props, KeyUse.DATA, 'environmentKey', props.environmentKey, "the function's environment variables");
    this.requireVpcFor(props);

    const role = new ScopedRole(this, 'ServiceRole', `Execution role of ${this.node.path}: only what it was granted`);
    this.role = role;
    this.policy = role.policy;
    this.grantPrincipal = role;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? SCOPED_FUNCTION_DEFAULTS.logRetention,
      encryptionKey: logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: deadLetterKey,
      enforceSSL: true,
      retentionPeriod: this.validRetention(props.deadLetterRetention ?? SCOPED_FUNCTION_DEFAULTS.deadLetterRetention),
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.DENY_ALL },
    });
    acknowledgeDeadLetterQueue(this.deadLetterQueue);
    this.securityGroup = props.vpc ? functionSecurityGroup(this, props.vpc) : undefined;

    this.function = new lambda.Function(this, 'Resource', {
      code: props.code,
      handler: props.handler,
      runtime,
      environment: props.environment,
      environmentEncryption: environmentKey,
      description: props.description,
      memorySize,
      timeout,
      architecture: props.architecture ?? SCOPED_FUNCTION_DEFAULTS.architecture,
      role,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions,
      deadLetterQueue: this.deadLetterQueue,
      logGroup: this.logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: this.securityGroup ? [this.securityGroup] : undefined,
    });

    this.dependOnPolicyOnly();
    this.grantOwnResources(deadLetterKey);
    this.builtIns = props.vpc ? [XRAY_TRACING, VPC_NETWORK_INTERFACES] : [XRAY_TRACING];
    if (props.vpc) {
      this.addToRolePolicy(new iam.PolicyStatement({
        sid: 'LambdaVpcNetworkInterfaces',
        actions: [...VPC_NETWORK_INTERFACES.actions],
        resources: ['*'],
      }));
    } else {
      acknowledgeOutsideVpc(this.function);
    }
    const endpoints = props.vpc ? this.createGatewayEndpoints(props.vpc, props) : [];
    this.gatewayEndpoints = endpoints.map((created) => created.endpoint);

    acknowledgeBuiltInWildcards(this.policy, this.builtIns);
    this.enforcement = new WildcardEnforcement(this, role, this.function, () => this.builtIns);
    // Validation runs after Aspects and after cross-stack references became imports, so the
    // templates read here are the ones that deploy.
    StageTemplates.watch(this);
    addFailureCheck(this, () => [...this.enforcement.validate(StageTemplates.forValidation(this)), ...this.emptyEndpointErrors(endpoints)]);
  }

  /** The function's ARN. */
  public get functionArn(): string {
    return this.function.functionArn;
  }

  /** The function's name. */
  public get functionName(): string {
    return this.function.functionName;
  }

  /**
   * Adds a statement to the function's managed policy. Its actions and resources must be
   * exact (no `*`), or registered with `allowWildcardAction` / `allowWildcardResource`.
   *
   * @param statement the statement to add
   */
  public addToRolePolicy(statement: iam.PolicyStatement): void {
    this.role.addToPrincipalPolicy(statement);
  }

  /**
   * Lets the role hold a wildcard action, e.g. `s3:GetObject*`, for a stated reason. The reason
   * also acknowledges the matching cdk-nag findings (`AwsSolutions-IAM5[Action::s3:GetObject*]`,
   * and the HIPAA/NIST R5/PCI full-access rules for a `service:*` action). The action `*` can't
   * be registered: that is administrator access.
   *
   * An action only known at deploy time (`new CfnParameter(...).valueAsString`,
   * `Fn.importValue(...)` of an export made outside the app) fails synthesis like a wildcard,
   * since it may be one; registering that same value here lets it through.
   *
   * @param action the wildcard action exactly as the statement spells it (tokens allowed)
   * @param reason why the exact actions can't be listed; a reviewer reads it
   */
  public allowWildcardAction(action: string, reason: string): void {
    requireProp('ScopedFunction.AdministratorWildcardAction', !/^\*+$/.test(action.trim()), this, 'allowWildcardAction',
      `'${action}' allows every action of every service (administrator access)`, "list the actions, or at most one service's ('s3:Get*')");
    requireProp('ScopedFunction.WildcardActionWithoutReason', reason.trim().length > 0, this, 'allowWildcardAction', `no reason given for '${action}'`, 'say why the exact actions cannot be listed');
    acknowledgeWildcardAction(this.policy, this.enforcement.allowAction(action, reason), reason);
  }

  /**
   * Lets the role hold a wildcard resource for a stated reason: `'*'` for actions that support
   * no resource-level permissions, or an ARN pattern such as `bucket.arnForObjects('uploads/*')`.
   * The reason also acknowledges the matching `AwsSolutions-IAM5[Resource::...]` finding.
   * A `'*'` registered here applies to every statement of the role. A resource only known at
   * deploy time (a `CfnParameter`'s value, `Fn.importValue(...)` of an export made outside the
   * app) fails synthesis like a wildcard, since it may be one; registering that same value
   * here lets it through.
   *
   * @param resource the wildcard resource, as passed to the statement (tokens allowed)
   * @param reason why the exact resources can't be listed; a reviewer reads it
   */
  public allowWildcardResource(resource: string, reason: string): void {
    requireProp('ScopedFunction.WildcardResourceWithoutReason', reason.trim().length > 0, this, 'allowWildcardResource', `no reason given for '${resource}'`, 'say why the exact resources cannot be listed');
    const text = this.enforcement.allowResource(resource, reason);
    if (text === '*') {
      acknowledgeBuiltInWildcards(this.policy, [...this.builtIns, { actions: new Set(), reason }]);
    } else {
      acknowledgeWildcardResource(this.policy, text, reason);
    }
  }

  /** Writing to its own log group and using the dead-letter queue's key; nothing broader. */
  /**
   * lambda.Function depends on its role and that role's policy. The role dependency is already
   * implied by the `Role` attribute's GetAtt, and cfn-lint warns about it (W3005), so only the
   * policy dependency is kept: Lambda checks the dead-letter queue permission at creation.
   */
  private dependOnPolicyOnly(): void {
    const cfnFunction = this.function.node.defaultChild as CfnResource;
    const cfnPolicy = this.policy.node.defaultChild as CfnResource;
    cfnFunction.addOverride('DependsOn', Lazy.list({ produce: () => [Stack.of(this).getLogicalId(cfnPolicy)] }));
  }

  private grantOwnResources(deadLetterKey: kms.IKey): void {
    this.addToRolePolicy(new iam.PolicyStatement({
      sid: 'WriteOwnLogGroup',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      // The log group's Arn attribute ends in ':*', matching this group's log streams only.
      resources: [this.logGroup.logGroupArn],
    }));
    this.addToRolePolicy(new iam.PolicyStatement({
      sid: 'EncryptForDeadLetterQueue',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [deadLetterKey.keyArn],
      // Only for messages SQS encrypts on the function's behalf, not as a general use of the key.
      conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(this).region}.amazonaws.com` } },
    }));
  }

  private createGatewayEndpoints(vpc: ec2.IVpc, props: ScopedFunctionProps): { endpoint: ec2.GatewayVpcEndpoint; service: EndpointService }[] {
    return endpointServices(this, props.gatewayEndpoints ?? []).map((service) => {
      const endpoint = new ec2.GatewayVpcEndpoint(this, `${service.actionPrefix}Endpoint`, {
        vpc,
        service: service.service,
        subnets: [props.vpcSubnets ?? {}],
      });
      restrictEndpointPolicy(endpoint, service.actionPrefix, this.role, this.policy);
      allowHttpsToPrefixList(this, this.securityGroup as ec2.SecurityGroup, service);
      return { endpoint, service };
    });
  }

  private emptyEndpointErrors(endpoints: { service: EndpointService }[]): Failure[] {
    return endpoints
      .filter(({ service }) => grantedStatementsFor(this.policy, service.actionPrefix).length === 0)
      .map(({ service }) => ({
        code: 'ScopedFunction.GatewayEndpointAllowsNothing',
        scope: this,
        prop: 'gatewayEndpoints',
        problem: `the ${service.actionPrefix} endpoint would allow nothing, because the function was granted no ${service.actionPrefix} actions`,
        fix: 'grant the function what it uses, or drop the endpoint',
      }));
  }

  private keyFor(props: ScopedFunctionProps, use: KeyUse, explicitProp: string, explicit: kms.IKey | undefined, encrypts: string): kms.IKey {
    // keys serves three keys here, so an explicit key overrides its use's key instead of excluding keys.
    return resolveKey(this, { keys: props.keys, use, explicitProp, explicit, encrypts, exclusive: false });
  }

  private validRuntime(runtime: lambda.Runtime): lambda.Runtime {
    requireProp('ScopedFunction.DeprecatedRuntime', !isDeprecatedRuntime(runtime), this, 'runtime', `${runtime.name} is no longer supported by AWS Lambda`,
      `use a supported runtime, e.g. lambda.Runtime.${latestNodeRuntime().name.replace(/^nodejs(\d+)\.x$/, 'NODEJS_$1_X')}, or leave runtime out for the latest Node.js`);
    requireProp('ScopedFunction.ContainerImageRuntime', runtime !== lambda.Runtime.FROM_IMAGE, this, 'runtime', 'container images are not supported',
      'deploy the code as a zip (lambda.Code.fromAsset) with a managed runtime');
    return runtime;
  }

  private validMemorySize(memorySize: number): number {
    requireProp('ScopedFunction.MemorySizeOutOfRange', Number.isInteger(memorySize) && memorySize >= LAMBDA_LIMITS.minMemorySize && memorySize <= LAMBDA_LIMITS.maxMemorySize,
      this, 'memorySize', `${memorySize} MB is outside Lambda's ${LAMBDA_LIMITS.minMemorySize} to ${LAMBDA_LIMITS.maxMemorySize} MB`,
      `pass a whole number of MB in that range (the default is ${SCOPED_FUNCTION_DEFAULTS.memorySize})`);
    return memorySize;
  }

  private validTimeout(timeout: Duration): Duration {
    if (!timeout.isUnresolved()) {
      const seconds = timeout.toMilliseconds() / 1000;
      requireProp('ScopedFunction.TimeoutOutOfRange', Number.isInteger(seconds) && seconds >= 1 && seconds <= LAMBDA_LIMITS.maxTimeoutSeconds, this, 'timeout',
        `${seconds} s is not a whole number of seconds within Lambda's 1 to ${LAMBDA_LIMITS.maxTimeoutSeconds} s`,
        'pass whole seconds from Duration.seconds(1) to Duration.minutes(15)');
    }
    return timeout;
  }

  private validRetention(retention: Duration): Duration {
    if (!retention.isUnresolved()) {
      const seconds = retention.toMilliseconds() / 1000;
      requireProp('ScopedFunction.DeadLetterRetentionOutOfRange', Number.isInteger(seconds) && seconds >= 60 && seconds <= 14 * 24 * 3600, this, 'deadLetterRetention',
        `${seconds} s is not whole seconds within SQS's 1 minute to 14 days`, 'pass a retention from Duration.minutes(1) to Duration.days(14)');
    }
    return retention;
  }

  private validConcurrency(reserved: number): number {
    requireProp('ScopedFunction.InvalidReservedConcurrency', Number.isInteger(reserved) && reserved >= 1, this, 'reservedConcurrentExecutions',
      `${reserved} ${reserved === 0 ? 'would throttle every invocation' : 'is not a whole number of executions of at least 1'}`,
      `pass a whole number of at least 1 (the default is ${SCOPED_FUNCTION_DEFAULTS.reservedConcurrentExecutions})`);
    return reserved;
  }

  private requireVpcFor(props: ScopedFunctionProps): void {
    requireProp('ScopedFunction.SubnetsWithoutVpc', props.vpc !== undefined || props.vpcSubnets === undefined, this, 'vpcSubnets',
      'subnets were given without a VPC', 'pass vpc as well, or drop vpcSubnets');
    requireProp('ScopedFunction.GatewayEndpointsWithoutVpc', props.vpc !== undefined || (props.gatewayEndpoints ?? []).length === 0, this, 'gatewayEndpoints',
      'gateway endpoints need a VPC', 'pass vpc as well, or drop gatewayEndpoints');
  }
}
