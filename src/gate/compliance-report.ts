/** A rule a pack applied, as a report describes it. */
export interface ComplianceRule {
  /** The pack, e.g. `AwsSolutions`. */
  readonly pack: string;
  /** The rule id without a granular suffix, e.g. `AwsSolutions-IAM5`. */
  readonly rule: string;
  /** `error` or `warning`. */
  readonly level: string;
  /** One sentence: what a finding of this rule means. */
  readonly info: string;
  /** Why the rule exists and how to comply. */
  readonly help: string;
  /**
   * The page that documents the rule.
   * @default - none known
   */
  readonly helpUri?: string;
}

/** One rule applied to one resource it concerns (a JUnit test case). */
export interface ComplianceCheck {
  /** The pack. */
  readonly pack: string;
  /** The rule id without a granular suffix. */
  readonly rule: string;
  /** The stack the resource is in. */
  readonly stackName: string;
  /** The resource's logical id in its template. */
  readonly logicalId: string;
  /** The resource's construct path in the app (`aws:cdk:path`), else its logical id. */
  readonly constructPath: string;
  /** Whether the resource complies (acknowledged findings count as failures here; see `findings`). */
  readonly compliant: boolean;
}

/** A finding: a rule a resource does not comply with. */
export interface ComplianceFinding {
  /** The pack. */
  readonly pack: string;
  /** The rule id without a granular suffix, e.g. `AwsSolutions-IAM5`. */
  readonly rule: string;
  /** The finding id to acknowledge, e.g. `AwsSolutions-IAM5[Resource::*]`. */
  readonly findingId: string;
  /** `error` or `warning`. */
  readonly level: string;
  /** What is wrong. */
  readonly message: string;
  /** The stack the resource is in. */
  readonly stackName: string;
  /** The template file the resource is in. */
  readonly templateFile: string;
  /** The resource's logical id. */
  readonly logicalId: string;
  /** The resource's construct path in the app (`aws:cdk:path`), else its logical id. */
  readonly constructPath: string;
  /**
   * The reason of the acknowledgement that hides this finding.
   * @default - the finding is not acknowledged
   */
  readonly acknowledgedReason?: string;
  /**
   * The user's source file that created the resource (from the assembly's stack traces).
   * @default - unknown (synthesized without stack traces)
   */
  readonly sourceFile?: string;
  /**
   * The line in `sourceFile`.
   * @default - unknown
   */
  readonly sourceLine?: number;
}

/** An acknowledgement recorded in the assembly. */
export interface ComplianceAcknowledgement {
  /** The stack it is recorded in. */
  readonly stackName: string;
  /** The construct it is recorded on; it covers the construct and its descendants. */
  readonly constructPath: string;
  /** The finding id it acknowledges. */
  readonly findingId: string;
  /** The reason given. */
  readonly reason: string;
  /** Whether it matches at least one finding of the packs that ran (else it is stale). */
  readonly used: boolean;
  /**
   * The last day (UTC, `YYYY-MM-DD`) it hides its findings.
   * @default - it does not expire
   */
  readonly expires?: string;
  /**
   * The ticket that tracks it.
   * @default - none recorded
   */
  readonly ticket?: string;
  /** Whether it has expired: its findings count as unacknowledged again. */
  readonly expired: boolean;
}

/**
 * One permission an assembly grants or denies: a row of the permission baseline. A statement
 * with several principals, actions or resources is one row per principal, action and resource.
 * Intrinsic values read as stable tokens: `${Stack/Table.Arn}` for a resource's attribute (by
 * construct path), `${Param:Name}` for a parameter, `${AWS::Region}` for a pseudo parameter.
 */
export interface PermissionTuple {
  /** `Allow` or `Deny`. */
  readonly effect: string;
  /**
   * Who: `AWS:${Stack/Role.Arn}` for a role of the assembly (identity policies and resource
   * policies alike), `Service:lambda.amazonaws.com`, `AWS:<arn or account>`, `*` for anyone, or
   * `NotPrincipal:<list>`.
   */
  readonly principal: string;
  /** One action (`s3:GetObject`, `s3:Get*`), or `NotAction:<list>`, or `(attached managed policy)` for a managed policy the assembly does not contain. */
  readonly action: string;
  /** One resource (ARN pattern with tokens), or `NotResource:<list>`. */
  readonly resource: string;
  /**
   * The statement's Condition block as JSON with sorted keys and values.
   * @default - no condition
   */
  readonly condition?: string;
  /** The construct paths of the policies that state it. */
  readonly grantedBy: string[];
}

/** A permission added since the baseline, or removed from it. */
export interface PermissionChange {
  /** `added` (in the assembly, not in the baseline) or `removed` (in the baseline, not in the assembly). */
  readonly change: string;
  /** The permission. */
  readonly permission: PermissionTuple;
  /**
   * True when the change gives access the baseline did not: an Allow no Allow of the baseline
   * covers (new, or with a wider action, resource or principal, or a dropped condition), or a
   * Deny of the baseline no Deny of the assembly still covers.
   */
  readonly addsAccess: boolean;
}

/**
 * What the gate found in a cloud assembly or template. A class, not a struct, so that every
 * language passes it back to `ComplianceGate.summary`, `sarif` and `junit` as it is (jsii turns
 * a struct parameter into keyword arguments in Python).
 */
export class ComplianceReport {
  /** @internal */
  public static _of(fields: ComplianceReportFields): ComplianceReport {
    return new ComplianceReport(fields);
  }

  /** The packs that ran, in order. */
  public readonly packs: string[];
  /** The rules the packs applied. */
  public readonly rules: ComplianceRule[];
  /** Each rule applied to each resource it concerns. */
  public readonly checks: ComplianceCheck[];
  /** Every finding, acknowledged or not. */
  public readonly findings: ComplianceFinding[];
  /** Every acknowledgement recorded for the packs that ran. */
  public readonly acknowledgements: ComplianceAcknowledgement[];
  /** The number of error-level findings no acknowledgement hides. */
  public readonly unacknowledgedErrors: number;
  /** Whether a permission baseline was compared (`baseline` given). */
  public readonly baselineCompared: boolean;
  /** The permissions added and removed since the baseline; empty when none was given. */
  public readonly permissionChanges: PermissionChange[];
  /** The number of permission changes that add access. */
  public readonly accessAdded: number;
  /** True when there is no unacknowledged error and no change adds access. */
  public readonly passed: boolean;

  private constructor(fields: ComplianceReportFields) {
    this.packs = fields.packs;
    this.rules = fields.rules;
    this.checks = fields.checks;
    this.findings = fields.findings;
    this.acknowledgements = fields.acknowledgements;
    this.unacknowledgedErrors = fields.unacknowledgedErrors;
    this.baselineCompared = fields.baselineCompared;
    this.permissionChanges = fields.permissionChanges;
    this.accessAdded = fields.accessAdded;
    this.passed = fields.passed;
  }
}

/** The report's fields, as the gate builds them. */
type ComplianceReportFields = { readonly [K in keyof ComplianceReport]: ComplianceReport[K] };
