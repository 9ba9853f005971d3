import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges one validation finding (e.g. `AwsSolutions-IAM5[Action::xray:PutTraceSegments]`)
 * on one construct, with the reason a reviewer reads.
 *
 * `Validations.of(scope).acknowledge()` rejects ids with more than one `::`, which most
 * finding ids that carry an ARN have (cdk-nag issues 2351 and 2359). This writes the same
 * metadata entry that `acknowledge()` writes and that cdk-nag v3 reads, so every id works.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  if (!reason.trim()) {
    throw new Error(`[${scope.node.path}] acknowledgement of ${id} needs a reason`);
  }
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const entries = scope.node.metadata.filter((entry) => entry.type === key);
  const acknowledged: Record<string, string> = { ...(entries[entries.length - 1]?.data ?? {}) };
  acknowledged[id] = reason;
  scope.node.addMetadata(key, acknowledged);
}
