import { LogWriter } from '../../../src/secure-api/runtime/decision-log';

/** A decision-log writer that keeps the parsed lines. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly write: LogWriter = (line) => {
    if (line.includes('\n')) {
      throw new Error(`a log line spans several lines: ${line}`);
    }
    this.lines.push(JSON.parse(line));
  };

  get last(): Record<string, unknown> | undefined {
    return this.lines[this.lines.length - 1];
  }
}

/**
 * Captures the decision lines the bundled authorizer writes to stdout until the spy is restored
 * (`jest.restoreAllMocks()`): the array the lines are pushed to, parsed.
 */
export function captureStdoutDecisions(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = String(chunk);
    if (text.includes('"authorization-decision"')) {
      lines.push(JSON.parse(text));
    }
    return true;
  });
  return lines;
}
