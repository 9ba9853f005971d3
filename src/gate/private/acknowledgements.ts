import { Validations } from 'aws-cdk-lib';
import { MetadataEntry, StackTemplate } from './assembly';
import { SourceLocation, userFrame } from './source-location';
import { ACKNOWLEDGEMENT_TERMS_METADATA_KEY } from '../../private/acknowledge';

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
  /** The last day (UTC, `YYYY-MM-DD`) it holds, when the library's helper recorded one. */
  readonly expires?: string;
  /** The ticket that tracks it, when recorded. */
  readonly ticket?: string;
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

  // a nested stack's construct metadata is its parent's: read it once, with the parent
  const metadata = stack.parentTemplateFile === undefined ? stack.metadata : {};
  for (const [path, entries] of Object.entries(metadata)) {
    const terms = termsOf(entries);
    for (const entry of entries as MetadataEntry[]) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && isRecord(entry.data)) {
        for (const [id, reason] of Object.entries(entry.data)) {
          add({
            stackName: stack.stackName,
            constructPath: trimSlash(path),
            id: unqualified(id),
            reason: String(reason),
            source: userFrame(entry.trace),
            ...terms.get(id),
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

/** The terms (expiry, ticket) recorded on one construct, by acknowledged id (latest entry wins). */
function termsOf(entries: MetadataEntry[]): Map<string, { expires?: string; ticket?: string }> {
  const terms = new Map<string, { expires?: string; ticket?: string }>();
  for (const entry of entries) {
    if (entry.type === ACKNOWLEDGEMENT_TERMS_METADATA_KEY && isRecord(entry.data)) {
      for (const [id, value] of Object.entries(entry.data)) {
        if (isRecord(value)) {
          terms.set(id, {
            expires: typeof value.expires === 'string' ? value.expires : undefined,
            ticket: typeof value.ticket === 'string' ? value.ticket : undefined,
          });
        }
      }
    }
  }
  return terms;
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
