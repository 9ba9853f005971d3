import { Annotations, Lazy, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { AdvancedEventSelectors } from './advanced-event-selectors';
import { acknowledgeAuditFindings } from './audit-acknowledgements';
import { createTrailBucket } from './audit-buckets';
import { AUDIT_TRAIL_DEFAULTS, CLOUDTRAIL_LIMITS, MINIMUM_QUIET_RETENTION_DAYS } from './audit-trail-defaults';
import { DataEventTarget, dataEventTargetOf } from './data-event-target';
import { EventFilter } from './event-filter';
import { DataEventOptions, IAuditTrail } from './i-audit-trail';
import { TrailLogsRole } from './trail-logs-role';
import { IKeyPerUsePolicy, KeyUse } from '../key-per-use-policy';
import { createAccessLogBucket } from '../private/access-logged-buckets';
import { auditKeyStatements } from '../private/audit-key-statements';
import { DEPLOY_TIME_RULES, validDeployTimeString } from '../private/deploy-time-rules';
import { addFailureCheck, InvalidPropError } from '../private/errors';
import { resolveKey } from '../private/key-resolution';

/**
 * Properties of an `AuditTrail`.
 */
export interface AuditTrailProps {
  /**
   * The keys to take the AUDIT key from. Give this or `encryptionKey`, not both.
   *
   * @default - `encryptionKey` is used
   */
  readonly keys?: IKeyPerUsePolicy;

  /**
   * The customer-managed key that encrypts the log files, the log group and the trail bucket.
   * Give this or `keys`, not both. When it is a key of this app, the statements CloudTrail and
   * CloudWatch Logs need are added to its policy; an imported key's policy must already have them.
   *
   * @default - the AUDIT key of `keys`
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The trail's name.
   *
   * @default - a name unique to this construct's path, so the bucket policy can name the trail
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudtrail-trail.html#cfn-cloudtrail-trail-trailname
   */
  readonly trailName?: string;

  /**
   * Whether the trail records every region of the account, not only the stack's.
   *
   * @default true
   */
  readonly isMultiRegionTrail?: boolean;

  /**
   * Which management events (control-plane calls such as `CreateTable` or `PutRolePolicy`)
   * the trail records.
   *
   * @default EventFilter.ALL
   */
  readonly managementEvents?: EventFilter;

  /**
   * Record no management events, only the data events of registered resources. Changes to
   * IAM, KMS and every other service then go unrecorded by this trail.
   *
   * @default false
   */
  readonly unsafeSkipManagementEvents?: boolean;

  /**
   * Which data events `addDataEvents` records, unless a call says otherwise.
   *
   * @default EventFilter.ALL
   */
  readonly dataEventFilter?: EventFilter;

  /**
   * How long the log group keeps events.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly cloudWatchLogsRetention?: logs.RetentionDays;

  /**
   * A prefix for the log files' keys in the trail bucket.
   *
   * @default - log files start at `AWSLogs/`
   */
  readonly s3KeyPrefix?: string;

  /**
   * S3 Object Lock for the trail bucket, so log files can't be deleted or overwritten before the
   * retention ends. Object Lock can only be turned on when the bucket is created.
   *
   * @default - no Object Lock: log file integrity rests on log file validation and versioning
   */
  readonly objectLockRetention?: s3.ObjectLockRetention;

  /**
   * Lifecycle rules for the trail bucket, e.g. to move old log files to Glacier or expire them.
   *
   * @default - log files are kept in S3 Standard forever; incomplete multipart uploads are aborted after 7 days either way
   */
  readonly lifecycleRules?: s3.LifecycleRule[];
}

/**
 * A CloudTrail trail that keeps evidence safe: log files encrypted with the AUDIT key and
 * validated with signed digests, delivered to a hardened, retained bucket (private, TLS-only,
 * versioned, access-logged) and to an encrypted CloudWatch Logs group; management events of
 * every region; and data events of exactly the tables, functions and buckets registered with it.
 */
export class AuditTrail extends Construct implements IAuditTrail {
  /** The trail. */
  public readonly trail: cloudtrail.Trail;

  /** The trail's ARN, known before deployment. */
  public readonly trailArn: string;

  /** The bucket receiving the log files and their digests. */
  public readonly bucket: s3.Bucket;

  /** The bucket receiving the trail bucket's server access logs. */
  public readonly accessLogBucket: s3.Bucket;

  /** The log group receiving the events. */
  public readonly logGroup: logs.LogGroup;

  /** The role CloudTrail uses to write to the log group. */
  public readonly logsRole: iam.Role;

  /** The key that encrypts the log files, the log group and the trail bucket. */
  public readonly encryptionKey: kms.IKey;

  private readonly selectors = new AdvancedEventSelectors();
  private readonly dataEventFilter: EventFilter;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    this.encryptionKey = resolveKey(this, {
      keys: props.keys, use: KeyUse.AUDIT, explicitProp: 'encryptionKey', explicit: props.encryptionKey, encrypts: 'the trail', exclusive: true,
    });
    this.dataEventFilter = props.dataEventFilter ?? EventFilter.ALL;
    const trailName = validTrailName(this, props.trailName ?? Names.uniqueResourceName(this, { maxLength: 128 }));
    this.trailArn = Stack.of(this).formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: trailName });
    if (props.encryptionKey) {
      this.allowTrailToUse(props.encryptionKey);
    }

    this.accessLogBucket = createAccessLogBucket(this, 'AccessLogBucket');
    this.bucket = createTrailBucket(this, 'Bucket', {
      encryptionKey: this.encryptionKey,
      accessLogBucket: this.accessLogBucket,
      objectLockRetention: props.objectLockRetention,
      lifecycleRules: props.lifecycleRules,
    });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: this.encryptionKey,
      retention: validRetention(this, props.cloudWatchLogsRetention ?? AUDIT_TRAIL_DEFAULTS.cloudWatchLogsRetention),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logsRole = new TrailLogsRole(this, 'LogsRole', this.logGroup);
    this.logsRole = logsRole;

    this.trail = new cloudtrail.Trail(this, 'Resource', {
      trailName,
      bucket: this.bucket,
      s3KeyPrefix: validKeyPrefix(this, props.s3KeyPrefix),
      encryptionKey: this.encryptionKey,
      enableFileValidation: true,
      isMultiRegionTrail: props.isMultiRegionTrail ?? AUDIT_TRAIL_DEFAULTS.isMultiRegionTrail,
      includeGlobalServiceEvents: true,
    });
    const cfnTrail = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.cloudWatchLogsLogGroupArn = this.logGroup.logGroupArn;
    cfnTrail.cloudWatchLogsRoleArn = logsRole.roleArn;
    // CloudTrail checks it can deliver when the trail is created: the permissions must exist first.
    cfnTrail.node.addDependency(logsRole.policy);
    // Advanced selectors replace basic ones. Uncached, so resources registered after an early
    // resolve (a cdk-nag run, a test) still land.
    cfnTrail.eventSelectors = undefined;
    cfnTrail.advancedEventSelectors = Lazy.uncachedAny({ produce: () => this.selectors.render() }, { omitEmptyArray: true });
    this.restrictBucketWritesToThisTrail();

    if (props.unsafeSkipManagementEvents && props.managementEvents) {
      throw new InvalidPropError('AuditTrail.ManagementEventsWithSkip', this, 'unsafeSkipManagementEvents', 'managementEvents is given while unsafeSkipManagementEvents is true',
        'pass only one of managementEvents and unsafeSkipManagementEvents');
    }
    if (!props.unsafeSkipManagementEvents) {
      this.selectors.includeManagementEvents(props.managementEvents ?? EventFilter.ALL);
    }
    addFailureCheck(this, () => this.selectors.render().length > 0 ? [] : [{
      code: 'AuditTrail.RecordsNothing',
      scope: this,
      prop: 'unsafeSkipManagementEvents',
      problem: 'the trail records no management events and no data events were added, ' +
        'so CloudTrail would fall back to recording every management event',
      fix: 'register resources with addDataEvents, or leave unsafeSkipManagementEvents unset',
    }]);
    acknowledgeAuditFindings({
      bucket: this.bucket,
      accessLogBucket: this.accessLogBucket,
      logsRole,
      objectLocked: props.objectLockRetention !== undefined,
    });
  }

  /**
   * Records the data events of tables (`EncryptedTable`, any DynamoDB table), functions
   * (`ScopedFunction`, any `lambda.IFunction`: invocations) and buckets (any `s3.IBucket`:
   * object-level events), each scoped to its exact ARN, through the trail's `dataEventFilter`.
   * A `SecureApi` registers its route, authorizer and mapping functions and its mapping table
   * (call this after its routes are added). Anything else, and the trail's own bucket, fail
   * synthesis.
   *
   * @param resources the tables, functions, buckets and APIs to record
   */
  public addDataEvents(...resources: IConstruct[]): void {
    for (const resource of resources) {
      if (registersItsOwnDataEvents(resource)) {
        resource.addDataEventsTo(this);
      } else {
        this.record(this.targetOf(resource, 'addDataEvents'), this.dataEventFilter, 'addDataEvents');
      }
    }
  }

  /**
   * Records a DynamoDB table's data events (item reads and writes), scoped to its ARN.
   *
   * @param table the table (for an `EncryptedTable`, its `table`, or use `addDataEvents`)
   * @param options which events to record
   */
  public addTable(table: dynamodb.ITable, options: DataEventOptions = {}): void {
    this.record(this.targetOf(table, 'addTable'), options.filter ?? this.dataEventFilter, 'addTable');
  }

  /**
   * Records a Lambda function's invocations, scoped to its ARN.
   *
   * @param fn the function (for a `ScopedFunction`, its `function`, or use `addDataEvents`)
   * @param options which events to record
   */
  public addFunction(fn: lambda.IFunction, options: DataEventOptions = {}): void {
    this.record(this.targetOf(fn, 'addFunction'), options.filter ?? this.dataEventFilter, 'addFunction');
  }

  /**
   * Records a bucket's object-level events (`GetObject`, `PutObject`, `DeleteObject`...).
   *
   * @param bucket the bucket
   * @param options which events to record
   */
  public addBucket(bucket: s3.IBucket, options: DataEventOptions = {}): void {
    this.record(this.targetOf(bucket, 'addBucket'), options.filter ?? this.dataEventFilter, 'addBucket');
  }

  private targetOf(resource: IConstruct, method: string): DataEventTarget {
    const target = dataEventTargetOf(resource);
    if (!target) {
      throw new InvalidPropError('AuditTrail.NoDataEvents', this, method,
        `${describe(resource)} is not a DynamoDB table, Lambda function or S3 bucket, so it has no data events to record`,
        'pass EncryptedTables, ScopedFunctions, DynamoDB tables, Lambda functions or S3 buckets');
    }
    return target;
  }

  private record(target: DataEventTarget, filter: EventFilter, method: string): void {
    if (target.arn === `${this.bucket.bucketArn}/`) {
      throw new InvalidPropError('AuditTrail.OwnBucketRecorded', this, method,
        "the trail's own bucket can't be recorded: every log file delivered would be an event to deliver, without end",
        'leave the trail bucket out; its server access logs already record every request to it');
    }
    this.selectors.addDataEvents(target, filter);
    const values = this.selectors.valueCount;
    if (values > CLOUDTRAIL_LIMITS.selectorValuesPerTrail) {
      throw new InvalidPropError('AuditTrail.TooManySelectorValues', this, method,
        `the trail's advanced event selectors would hold ${values} condition values, ` +
        `over CloudTrail's quota of ${CLOUDTRAIL_LIMITS.selectorValuesPerTrail} per trail`,
        'register the remaining resources with a second AuditTrail');
    }
  }

  private allowTrailToUse(key: kms.IKey): void {
    const added = auditKeyStatements(Stack.of(this), { trailArn: this.trailArn })
      .map((statement) => key.addToResourcePolicy(statement, true).statementAdded);
    if (added.includes(false)) {
      Annotations.of(this).addWarningV2('cdk-secure-serverless:AuditTrail.importedKey',
        "encryptionKey is imported, so its key policy can't be extended here. Make sure it lets cloudtrail.amazonaws.com " +
        `call kms:GenerateDataKey and kms:DescribeKey for ${this.trailArn}, and logs.<region>.amazonaws.com use it for ` +
        "this account's log groups, or the trail and its log group will fail to deploy.");
    }
  }

  /** The trail L2 lets any trail write; only this trail may. */
  private restrictBucketWritesToThisTrail(): void {
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyLogFilesFromOtherTrails',
      effect: iam.Effect.DENY,
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects('*')],
      conditions: { StringNotEquals: { 'aws:SourceArn': this.trailArn } },
    }));
  }
}

function validTrailName(scope: Construct, name: string): string {
  return validDeployTimeString(scope, 'trailName', name, DEPLOY_TIME_RULES.cloudTrailName);
}

function validKeyPrefix(scope: Construct, prefix: string | undefined): string | undefined {
  if (prefix !== undefined && !Token.isUnresolved(prefix) && !/^[A-Za-z0-9!_.'()-]+(\/[A-Za-z0-9!_.'()-]+)*$/.test(prefix)) {
    throw new InvalidPropError('AuditTrail.InvalidKeyPrefix', scope, 's3KeyPrefix', `'${prefix}' is not a usable key prefix`,
      "use path segments of letters, digits and !_.'()- separated by single '/', with no leading or trailing '/'");
  }
  return prefix;
}

function validRetention(scope: Construct, retention: logs.RetentionDays): logs.RetentionDays {
  if (retention < MINIMUM_QUIET_RETENTION_DAYS) {
    Annotations.of(scope).addWarningV2('cdk-secure-serverless:AuditTrail.shortRetention',
      `cloudWatchLogsRetention keeps events ${retention} days, less than a year (PCI DSS 10.7 asks for a year of audit ` +
      'history). The bucket still keeps the log files; acknowledge this warning if that is enough.');
  }
  return retention;
}

function describe(resource: IConstruct): string {
  const path = resource.node?.path ?? String(resource);
  // jsii classes carry their fully qualified name; decorated aws-cdk-lib classes have mangled constructor names.
  const fqn = (resource.constructor as unknown as Record<symbol, { fqn?: string } | undefined>)?.[Symbol.for('jsii.rtti')]?.fqn;
  return `${path} (${fqn ?? resource.constructor?.name ?? typeof resource})`;
}

/** A construct made of several data resources, such as a `SecureApi`, registers them itself. */
function registersItsOwnDataEvents(resource: IConstruct): resource is IConstruct & { addDataEventsTo(trail: IAuditTrail): void } {
  return typeof (resource as unknown as { addDataEventsTo?: unknown }).addDataEventsTo === 'function';
}
