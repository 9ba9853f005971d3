import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ComplianceGate } from './compliance-gate';
import { PACK_NAMES } from './private/packs';
import { summaryTable } from './private/summary-table';
import { failureMessage, InvalidPropError } from '../private/errors';

const USAGE = `usage: cdk-secure-serverless check <cdk.out directory | template.json> [--packs P1,P2,...] [--sarif FILE] [--junit FILE]
       [--list-acknowledgements] [--baseline FILE] [--write-baseline FILE]

Runs SecureServerlessChecks and the cdk-nag packs over every stack of a synthesized cloud
assembly (nested stacks included), honouring the acknowledgements the app recorded.
--baseline compares every permission the assembly grants or denies with a committed permission
baseline and prints the changes; --write-baseline records the assembly's permissions as one.
Exits 1 when an error-level finding is not acknowledged or a permission change adds access,
2 on bad usage or an unreadable assembly or baseline, else 0.

packs: ${PACK_NAMES.join(', ')} (default: all)`;

/** The command line: `check`, its options, and the exit code. Not part of the jsii API. */
export function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'packs': { type: 'string' },
        'sarif': { type: 'string' },
        'junit': { type: 'string' },
        'list-acknowledgements': { type: 'boolean' },
        'baseline': { type: 'string' },
        'write-baseline': { type: 'string' },
        'help': { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(usageError((error as Error).message));
    return 2;
  }
  const [command, assembly, ...extra] = parsed.positionals;
  if (parsed.values.help) {
    out(USAGE);
    return 0;
  }
  if (command !== 'check' || !assembly || extra.length > 0) {
    err(usageError(command === undefined ? 'no command is given'
      : command !== 'check' ? `'${command}' is not a command`
        : !assembly ? 'no cloud assembly or template is given'
          : `unexpected arguments: ${extra.join(' ')}`));
    return 2;
  }
  try {
    const packs = parsed.values.packs?.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
    if (parsed.values['write-baseline']) {
      writeOutput('--write-baseline', parsed.values['write-baseline'], ComplianceGate.permissionBaseline(assembly));
      out(`Permission baseline written to ${parsed.values['write-baseline']}.`);
    }
    const report = ComplianceGate.check({ assembly, packs, baseline: parsed.values.baseline });
    if (parsed.values.sarif) {
      writeOutput('--sarif', parsed.values.sarif, ComplianceGate.sarif(report));
    }
    if (parsed.values.junit) {
      writeOutput('--junit', parsed.values.junit, ComplianceGate.junit(report));
    }
    out(parsed.values['list-acknowledgements'] ? summaryTable(report, true) : ComplianceGate.summary(report));
    return report.passed ? 0 : 1;
  } catch (error) {
    err(`cdk-secure-serverless check: ${(error as Error).message}`);
    return 2;
  }
}

/** A command line the CLI can't run: the problem with its code, then the usage. */
function usageError(problem: string): string {
  // parseArgs's messages end with a period of their own.
  const text = problem.replace(/\.$/, '');
  return `cdk-secure-serverless: ${failureMessage({ code: 'ComplianceGate.InvalidArguments', problem: text, fix: 'run it as the usage below says' })}\n\n${USAGE}`;
}

/** Writes one of the files the options ask for, or fails naming the option. */
function writeOutput(option: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new InvalidPropError('ComplianceGate.CannotWriteFile', undefined, option, `${file} can't be written (${(error as Error).message})`,
      'give a file in an existing directory you may write to');
  }
}
