import { Validations } from 'aws-cdk-lib';
import { MetadataEntry, StackTemplate } from './assembly';
import { SourceLocation, userFrame } from './source-location';

/** An acknowledgement recorded in a cloud assembly, and where it was written. */
export interface RecordedAcknowledgement {
  readonly stackName: string;
  /** The construct it was recorded on (no leading `/`): it covers this construct and its descendants. */
  readonly constructPath: string;
  /** The finding id, without the `annotation::` prefix aws-cdk-lib adds to ids without `::`. */
  readonly id: string;
  readonly reason: string;
  /** Where `acknowledge()` was called, when the assembly was synthesized with stack traces. */
  readonly source?: SourceLocation;
}

/**
 * Every acknowledgement of a stack: `Validations.of(c).acknowledge()` records it as construct
 * metadata (`Validations.ACKNOWLEDGED_RULES_METADATA_KEY`, `{ [id]: reason }`), which synthesis
 * copies into the stack artifact's `metadata` in manifest.json keyed by construct path; cdk-nag's
 * `writeSuppressionsToCloudFormation` (and cdk-nag v2) write `cdk_nag.rules_to_suppress` into the
 * resource's template Metadata, the only record a lone template has.
 */
export function recordedAcknowledgements(stack: StackTemplate): RecordedAcknowledgement[] {
  const found = new Map<string, RecordedAcknowledgement>();
  const add = (ack: RecordedAcknowledgement) => found.set(`${ack.constructPath}\u0000${ack.id}`, ack);

  for (const [path, entries] of Object.entries(stack.metadata)) {
    for (const entry of entries as MetadataEntry[]) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && isRecord(entry.data)) {
        for (const [id, reason] of Object.entries(entry.data)) {
          add({
            stackName: stack.stackName,
            constructPath: trimSlash(path),
            id: unqualified(id),
            reason: String(reason),
            source: userFrame(entry.trace),
          });
        }
      }
    }
  }
  for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
    const rules = resource?.Metadata?.cdk_nag?.rules_to_suppress;
    if (Array.isArray(rules)) {
      const path = resource.Metadata['aws:cdk:path'] ?? logicalId;
      for (const rule of rules) {
        // cdk-nag v2 wrote `appliesTo` for granular ids: each is an id of its own.
        const ids: string[] = Array.isArray(rule.applies_to) && rule.applies_to.length > 0
          ? rule.applies_to.map((finding: unknown) => `${rule.id}[${typeof finding === 'string' ? finding : (finding as any)?.regex}]`)
          : [rule.id];
        for (const id of ids) {
          if (!found.has(`${path}\u0000${unqualified(id)}`)) {
            add({ stackName: stack.stackName, constructPath: path, id: unqualified(id), reason: String(rule.reason ?? '') });
          }
        }
      }
    }
  }
  return [...found.values()];
}

/**
 * The acknowledgement that hides a finding, as cdk-nag v3's `isAcknowledged` decides it: the
 * finding's exact id recorded on the resource's construct or any ancestor.
 */
export function acknowledgementFor(
  acks: RecordedAcknowledgement[], stackName: string, constructPath: string, findingId: string,
): RecordedAcknowledgement | undefined {
  return acks.find((ack) => ack.stackName === stackName && ack.id === findingId &&
    (constructPath === ack.constructPath || constructPath.startsWith(`${ack.constructPath}/`)));
}

function unqualified(id: string): string {
  // aws-cdk-lib before 2.262.1 wrote 'annotation::', later versions 'Annotation::' (cdk-nag's nag-pack.ts).
  return id.replace(/^annotation::/i, '');
}

function trimSlash(path: string): string {
  return path.replace(/^\//, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
