import { NagPack } from 'cdk-nag';
import { ComplianceReport, PermissionTuple } from './compliance-report';
import { readStackTemplates } from './private/assembly';
import { buildReport, permissionTuple } from './private/build-report';
import { junitReport } from './private/junit';
import { packsNamed } from './private/packs';
import { baselineText, comparePermissions, readBaseline } from './private/permission-baseline';
import { permissionsOf } from './private/permission-tuples';
import { runPacks } from './private/run-packs';
import { sarifReport } from './private/sarif';
import { summaryTable } from './private/summary-table';

/** Options of a compliance check. */
export interface ComplianceCheckOptions {
  /** A cloud assembly directory (`cdk.out`) or one CloudFormation template file (JSON). */
  readonly assembly: string;
  /**
   * The packs to run, by rule-id prefix: `SecureServerless`, `AwsSolutions`, `HIPAA.Security`,
   * `NIST.800.53.R4`, `NIST.800.53.R5`, `PCI.DSS.321`, `Serverless`.
   * @default - every one of them
   */
  readonly packs?: string[];
  /**
   * A permission baseline file (written by `permissionBaseline`, committed beside the app): the
   * check fails when the assembly grants a permission the baseline does not cover (a new or
   * wider Allow, a dropped condition) or drops a Deny of the baseline.
   * @default - permissions are not compared
   */
  readonly baseline?: string;
}

/**
 * The compliance gate for pipelines: runs SecureServerlessChecks and the cdk-nag packs over
 * the templates an app synthesized, honouring the acknowledgements the app recorded, without
 * the app's code. The command line `npx cdk-secure-serverless check` is this class.
 *
 * @example
 * const report = ComplianceGate.check({ assembly: 'cdk.out', packs: ['SecureServerless', 'AwsSolutions'] });
 * const table = ComplianceGate.summary(report); // for the pipeline's log
 * const gatePassed = report.passed; // false when an error-level finding is not acknowledged
 *
 * // the permissions of the assembly, compared with a committed baseline
 * const baselineFile = 'iam-baseline.json';
 * const withBaseline = ComplianceGate.check({ assembly: 'cdk.out', baseline: baselineFile });
 * const addsAccess = withBaseline.accessAdded > 0;
 */
export class ComplianceGate {
  /**
   * Checks every stack of a cloud assembly (or one template).
   *
   * Each template is loaded with `cloudformation-include`; findings name the resource by its
   * construct path (the template's `aws:cdk:path` metadata) and logical id. Acknowledgements
   * are read from the assembly (manifest metadata, or `cdk_nag` template metadata) and match
   * as cdk-nag's do: the exact finding id, on the resource or an ancestor. An acknowledgement
   * recorded with an expiry date hides nothing after that day (UTC).
   */
  public static check(options: ComplianceCheckOptions): ComplianceReport {
    const packs = packsNamed(options.packs);
    const stacks = readStackTemplates(options.assembly);
    const deltas = options.baseline !== undefined ? comparePermissions(readBaseline(options.baseline), permissionsOf(stacks)) : undefined;
    const outcomes = runPacks(stacks, packs);
    const today = new Date().toISOString().slice(0, 10);
    return buildReport(stacks, packs.map((pack) => pack.readPackName), outcomes, today, deltas);
  }

  /**
   * Every permission a cloud assembly (or one template) grants or denies, statement by statement,
   * sorted: the IAM roles', users' and groups' policies, role trust policies, and the resource
   * policies of KMS keys, S3 buckets, Lambda functions, REST APIs, SQS queues, SNS topics and others.
   */
  public static permissions(assembly: string): PermissionTuple[] {
    return permissionsOf(readStackTemplates(assembly)).map(permissionTuple);
  }

  /**
   * The permission baseline file of a cloud assembly (JSON; its format is documented in
   * docs/permission-baseline.md): write it to a file, commit it, and give it to `check` as `baseline`.
   */
  public static permissionBaseline(assembly: string): string {
    return baselineText(permissionsOf(readStackTemplates(assembly)));
  }

  /**
   * New instances of the packs the gate runs, to register in an app so synthesis reports what
   * the gate will: `Validations.of(app).addPlugins(...ComplianceGate.nagPacks())`.
   *
   * @param names the packs by rule-id prefix (as `ComplianceCheckOptions.packs`); every one when omitted
   */
  public static nagPacks(names?: string[]): NagPack[] {
    return packsNamed(names, {});
  }

  /** The report as a SARIF 2.1.0 log (JSON), one run per pack. */
  public static sarif(report: ComplianceReport): string {
    return JSON.stringify(sarifReport(report), undefined, 2);
  }

  /** The report as JUnit XML: a test suite per pack, a test case per rule and resource. */
  public static junit(report: ComplianceReport): string {
    return junitReport(report);
  }

  /** A plain-text table of errors, warnings and acknowledgements per pack, and the unacknowledged errors. */
  public static summary(report: ComplianceReport): string {
    return summaryTable(report);
  }

  private constructor() {}
}
