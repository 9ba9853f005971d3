/**
 * The permission baseline's own cost, in one process over a synthesized assembly: read the
 * templates, derive the permission rows, read the baseline file and compare (the work `--baseline`
 * adds to a gate run), from the compiled lib/. Prints one JSON line: milliseconds of each of
 * `runs` repetitions and the row count. Usage: `node baseline-step.js <assembly> <baseline> [runs]`.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/* eslint-disable @typescript-eslint/no-require-imports */
const lib = join(__dirname, '..', '..', 'lib', 'gate', 'private');
const { readStackTemplates } = require(join(lib, 'assembly')) as typeof import('../../src/gate/private/assembly');
const { permissionsOf } = require(join(lib, 'permission-tuples')) as typeof import('../../src/gate/private/permission-tuples');
const { comparePermissions, readBaseline } = require(join(lib, 'permission-baseline')) as typeof import('../../src/gate/private/permission-baseline');
/* eslint-enable @typescript-eslint/no-require-imports */

const [assembly, baseline, runs = '5'] = process.argv.slice(2);
const millis: number[] = [];
let rows = 0;
for (let run = 0; run < Number(runs); run++) {
  const start = performance.now();
  const current = permissionsOf(readStackTemplates(assembly));
  comparePermissions(readBaseline(baseline), current);
  millis.push(performance.now() - start);
  rows = current.length;
}
console.log(JSON.stringify({ millis, rows }));
