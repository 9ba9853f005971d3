import { relative } from 'node:path';

/** A line in the user's source code. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/**
 * The first frame of a construct's creation stack trace that is the user's code: not Node's
 * internals, not a package under node_modules (aws-cdk-lib, constructs, this library). aws-cdk-lib
 * writes frames as `fn (/abs/file.ts:12:5)` and collapses library frames to `...new X in pkg...`.
 */
export function userFrame(trace: string[] | undefined): SourceLocation | undefined {
  for (const frame of trace ?? []) {
    // "at fn (/abs/file.ts:12:5)" or "at /abs/file.ts:12:5"; aws-cdk-lib stores them without "at".
    const match = /\(?((?:[A-Za-z]:)?[/\\][^():]+):(\d+):\d+\)?\s*$/.exec(frame);
    if (!match || /[/\\]node_modules[/\\]/.test(match[1]) || match[1].startsWith('node:')) {
      continue;
    }
    return { file: relative(process.cwd(), match[1]).split('\\').join('/'), line: Number(match[2]) };
  }
  return undefined;
}
