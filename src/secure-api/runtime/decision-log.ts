import { DecisionReason } from './decision-reason';

/** What one authorization decision is logged with. No certificate body, no secrets. */
export interface Decision {
  readonly requestId: string | undefined;
  readonly certificateSerial: string | undefined;
  readonly subject: string | undefined;
  /** The issuer DN as API Gateway gave it: with the serial, the key to revoke the certificate by. */
  readonly issuer: string | undefined;
  readonly ou: string | undefined;
  readonly route: string | undefined;
  readonly decision: 'allow' | 'deny';
  readonly reason: DecisionReason;
  /**
   * With `certificate-mismatch`: which of API Gateway's fields (`subjectDN`, `issuerDN`,
   * `serialNumber`, `validity`) disagreed with the certificate itself. Logged, never returned.
   */
  readonly mismatch?: string;
  /** The error's name when DynamoDB failed (e.g. `ThrottlingException`). */
  readonly cause?: string;
}

export type LogWriter = (line: string) => void;

export const writeToStdout: LogWriter = (line) => {
  process.stdout.write(line + '\n');
};

const MAX_FIELD_LENGTH = 512;

/** One JSON line per decision; JSON escaping keeps hostile input on its line. */
export function logDecision(write: LogWriter, decision: Decision, now: number): void {
  const line = JSON.stringify({
    time: new Date(now).toISOString(),
    type: 'authorization-decision',
    requestId: clip(decision.requestId),
    certificateSerial: clip(decision.certificateSerial),
    subject: clip(decision.subject),
    issuer: clip(decision.issuer),
    ou: clip(decision.ou),
    route: clip(decision.route),
    decision: decision.decision,
    reason: decision.reason,
    mismatch: decision.mismatch,
    cause: decision.cause,
  });
  try {
    write(line);
  } catch {
    // A broken log stream must not turn a decision into a crash.
  }
}

function clip(value: string | undefined): string | undefined {
  return value !== undefined && value.length > MAX_FIELD_LENGTH ? value.slice(0, MAX_FIELD_LENGTH) + '…' : value;
}
