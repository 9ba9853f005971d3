import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ComplianceGate } from './compliance-gate';
import { PACK_NAMES } from './private/packs';
import { summaryTable } from './private/summary-table';

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
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, assembly, ...extra] = parsed.positionals;
  if (parsed.values.help) {
    out(USAGE);
    return 0;
  }
  if (command !== 'check' || !assembly || extra.length > 0) {
    err(USAGE);
    return 2;
  }
  try {
    const packs = parsed.values.packs?.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
    if (parsed.values['write-baseline']) {
      writeFileSync(parsed.values['write-baseline'], ComplianceGate.permissionBaseline(assembly));
      out(`Permission baseline written to ${parsed.values['write-baseline']}.`);
    }
    const report = ComplianceGate.check({ assembly, packs, baseline: parsed.values.baseline });
    if (parsed.values.sarif) {
      writeFileSync(parsed.values.sarif, ComplianceGate.sarif(report));
    }
    if (parsed.values.junit) {
      writeFileSync(parsed.values.junit, ComplianceGate.junit(report));
    }
    out(parsed.values['list-acknowledgements'] ? summaryTable(report, true) : ComplianceGate.summary(report));
    return report.passed ? 0 : 1;
  } catch (error) {
    err(`cdk-secure-serverless check: ${(error as Error).message}`);
    return 2;
  }
}
