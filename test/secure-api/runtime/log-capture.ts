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
