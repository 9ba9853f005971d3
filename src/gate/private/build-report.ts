import { acknowledgementFor, RecordedAcknowledgement, recordedAcknowledgements } from './acknowledgements';
import { MetadataEntry, StackTemplate } from './assembly';
import { PermissionDelta } from './permission-baseline';
import { Permission } from './permission-tuples';
import { RuleOutcome } from './run-packs';
import { userFrame } from './source-location';
import { canonicalJson } from './stable-text';
import { SECURE_SERVERLESS_RULES } from '../../nag/catalog';
import { ComplianceCheck, ComplianceFinding, ComplianceReport, ComplianceRule, PermissionTuple } from '../compliance-report';

/** Where cdk-nag documents its packs' rules. */
const CDK_NAG_RULES_URL = 'https://github.com/cdklabs/cdk-nag/blob/main/RULES.md';

/**
 * The report of the packs' outcomes over the stacks, with the assembly's acknowledgements applied,
 * and the permission changes since the baseline when one was compared.
 */
export function buildReport(
  stacks: StackTemplate[], packNames: string[], outcomes: RuleOutcome[], today: string, permissionDeltas?: PermissionDelta[],
): ComplianceReport {
  const acks = stacks.flatMap(recordedAcknowledgements)
    .filter((ack) => packNames.some((pack) => ack.id.startsWith(`${pack}-`)));
  const used = new Set<RecordedAcknowledgement>();
  const stackByFile = new Map(stacks.map((stack) => [stack.templateFile, stack]));

  const rules = new Map<string, ComplianceRule>();
  const checks: ComplianceCheck[] = [];
  const findings: ComplianceFinding[] = [];
  for (const outcome of outcomes) {
    if (!rules.has(outcome.rule)) {
      rules.set(outcome.rule, ruleOf(outcome));
    }
    checks.push({
      pack: outcome.pack,
      rule: outcome.rule,
      stackName: outcome.stackName,
      logicalId: outcome.logicalId,
      constructPath: outcome.constructPath,
      compliant: outcome.findingIds.length === 0,
    });
    const stack = stackByFile.get(outcome.templateFile)!;
    const source = creationSource(stack, outcome.constructPath, outcome.logicalId);
    for (const findingId of outcome.findingIds) {
      const ack = acknowledgementFor(acks, outcome.stackName, outcome.constructPath, findingId);
      if (ack) {
        used.add(ack);
      }
      const expired = ack !== undefined && isExpired(ack, today);
      const message = outcome.ruleError ? `The rule could not evaluate the resource: ${outcome.ruleError}` : outcome.info;
      findings.push({
        pack: outcome.pack,
        rule: outcome.rule,
        findingId,
        level: outcome.level,
        message: expired
          ? `${message} Its acknowledgement expired on ${ack.expires}${ack.ticket ? ` (${ack.ticket})` : ''}: ${ack.reason}`
          : message,
        stackName: outcome.stackName,
        templateFile: stack.templateFile,
        logicalId: outcome.logicalId,
        constructPath: outcome.constructPath,
        acknowledgedReason: expired ? undefined : ack?.reason,
        sourceFile: source?.file,
        sourceLine: source?.line,
      });
    }
  }
  const unacknowledgedErrors = findings.filter((f) => f.level === 'error' && f.acknowledgedReason === undefined).length;
  const accessAdded = (permissionDeltas ?? []).filter((delta) => delta.addsAccess).length;
  return ComplianceReport._of({
    packs: packNames,
    rules: [...rules.values()],
    checks,
    findings,
    acknowledgements: acks.map((ack) => ({
      stackName: ack.stackName,
      constructPath: ack.constructPath,
      findingId: ack.id,
      reason: ack.reason,
      used: used.has(ack),
      expires: ack.expires,
      ticket: ack.ticket,
      expired: isExpired(ack, today),
    })),
    unacknowledgedErrors,
    baselineCompared: permissionDeltas !== undefined,
    permissionChanges: (permissionDeltas ?? []).map((delta) => ({
      change: delta.change, permission: permissionTuple(delta.permission), addsAccess: delta.addsAccess,
    })),
    accessAdded,
    passed: unacknowledgedErrors === 0 && accessAdded === 0,
  });
}

/** A permission as the public report gives it (the condition as canonical JSON text). */
export function permissionTuple(permission: Permission): PermissionTuple {
  return {
    effect: permission.effect,
    principal: permission.principal,
    action: permission.action,
    resource: permission.resource,
    condition: permission.condition ? canonicalJson(permission.condition) : undefined,
    grantedBy: permission.grantedBy,
  };
}

/** An acknowledgement holds through its expiry day (UTC) and hides nothing after it. */
function isExpired(ack: RecordedAcknowledgement, today: string): boolean {
  return ack.expires !== undefined && ack.expires < today;
}

function ruleOf(outcome: RuleOutcome): ComplianceRule {
  const entry = outcome.pack === 'SecureServerless'
    ? SECURE_SERVERLESS_RULES.find((candidate) => `SecureServerless-${candidate.rule.name}` === outcome.rule)
    : undefined;
  return {
    pack: outcome.pack,
    rule: outcome.rule,
    level: outcome.level,
    info: outcome.info,
    help: outcome.explanation,
    helpUri: entry ? entry.help.awsDoc.url : outcome.pack === 'SecureServerless' ? undefined : CDK_NAG_RULES_URL,
  };
}

/**
 * Where the user's code created the resource: its `aws:cdk:creationStack` metadata (aws-cdk-lib
 * 2.258 records it unless the context `aws:cdk:disable-creation-stack-traces` is set, and always
 * with CDK_DEBUG), else the trace of its `aws:cdk:logicalId` entry (stack traces on).
 */
function creationSource(stack: StackTemplate, constructPath: string, logicalId: string) {
  const entries: MetadataEntry[] = stack.metadata[`/${constructPath}`] ?? [];
  const creation = entries.find((candidate) => candidate.type === 'aws:cdk:creationStack' && Array.isArray(candidate.data));
  const logical = entries.find((candidate) => candidate.type === 'aws:cdk:logicalId' && candidate.data === logicalId);
  return userFrame(creation?.data as string[] | undefined) ?? userFrame(logical?.trace);
}
