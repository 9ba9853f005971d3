import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

// No module of src/ imports itself back through others, type-only imports included. A cycle
// through a class hierarchy fails when the library loads ("Class extends value undefined": a
// subclass's module runs before the base class it extends is defined), and any cycle makes the
// modules impossible to read one after another. The imports are read by TypeScript's own
// pre-processor, not by a pattern of our own.

const SRC = join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The src/ modules a file imports or re-exports (relative specifiers only: packages can't import back). */
function localImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .filter((imported) => imported.fileName.startsWith('.'))
    .map((imported) => resolve(dirname(file), imported.fileName))
    .map((target) => [`${target}.ts`, join(target, 'index.ts')].find((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile()))
    .filter((target): target is string => target !== undefined);
}

test('src/ has no import cycle', () => {
  const files = sourceFiles(SRC);
  const graph = new Map(files.map((file) => [file, localImports(file)]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        cycles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(SRC, f)).join(' -> '));
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    path.pop();
    state.set(file, 'done');
  };
  files.forEach((file) => state.has(file) || visit(file));
  expect(files.length).toBeGreaterThan(100);
  expect([...graph.values()].flat().length).toBeGreaterThan(files.length);
  expect(cycles).toEqual([]);
});
