import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { findingsApp } from '../examples/findings-app';
import { KeyPerUsePolicy } from '../src/key-per-use-policy';
import { ScopedFunction } from '../src/scoped-function';
import { testStack } from './support/stacks';

// The tests, the Lambda bundles and the functions the constructs deploy must share one Node.js major,
// or a Node difference (crypto, TextDecoder, timers, module loading) reaches Lambda untested.
//
// AWS Lambda names its Node.js managed runtimes `nodejs<major>.x` (AWS Lambda Developer Guide,
// "Lambda runtimes": nodejs24.x is "Node.js 24"); esbuild names its Node.js targets `node<major>`
// (esbuild documentation, "Target").

/** The Node.js major of a Lambda runtime identifier such as `nodejs24.x`. */
function lambdaNodeMajor(runtime: string): number {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) throw new Error(`not a Node.js Lambda runtime: ${runtime}`);
  return Number(match[1]);
}

function functionRuntimes(template: Template): Record<string, string> {
  const functions = template.findResources('AWS::Lambda::Function');
  return Object.fromEntries(Object.entries(functions).map(([id, resource]) => [id, resource.Properties.Runtime]));
}

/** The runtime a ScopedFunction deploys when the caller names none. */
function defaultRuntime(): string {
  const stack = testStack();
  new ScopedFunction(stack, 'Fn', {
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    handler: 'index.handler',
    keys: new KeyPerUsePolicy(stack, 'Keys'),
  });
  return Object.values(functionRuntimes(Template.fromStack(stack)))[0];
}

/** Every `--target=` of every esbuild step in the generated task file, by task name. */
function esbuildTargets(): Array<{ task: string; target: string }> {
  const tasks = JSON.parse(readFileSync(join(__dirname, '..', '.projen', 'tasks.json'), 'utf8')).tasks;
  const targets: Array<{ task: string; target: string }> = [];
  for (const [task, definition] of Object.entries<any>(tasks)) {
    for (const step of definition.steps ?? []) {
      const args: string[] = step.execArgs ?? (typeof step.exec === 'string' ? step.exec.split(/\s+/) : []);
      if (args[0] !== 'esbuild') continue;
      for (const arg of args.filter((a) => a.startsWith('--target='))) {
        targets.push({ task, target: arg.slice('--target='.length) });
      }
    }
  }
  return targets;
}

const DEFAULT_RUNTIME = defaultRuntime();
const LAMBDA_MAJOR = lambdaNodeMajor(DEFAULT_RUNTIME);

test('the tests run on the Node.js major of the Lambda runtime ScopedFunction deploys by default', () => {
  const testedMajor = Number(process.versions.node.split('.')[0]);
  if (testedMajor !== LAMBDA_MAJOR) {
    throw new Error(`the tests run on Node.js ${process.versions.node} but ScopedFunction deploys ${DEFAULT_RUNTIME}: ` +
      `run them with \`bash scripts/with-node.sh ${LAMBDA_MAJOR} npx jest\`, or pin Node.js ${LAMBDA_MAJOR} there`);
  }
});

test("every esbuild bundle targets the default runtime's Node.js", () => {
  const targets = esbuildTargets();
  // The authorizer bundle and its watch task, and the two example handlers.
  expect(targets.length).toBeGreaterThanOrEqual(4);
  expect(targets.filter(({ target }) => target !== `node${LAMBDA_MAJOR}`)).toEqual([]);
});

test("the example app's functions, the authorizer's included, all deploy the default runtime", () => {
  const { stack } = findingsApp({ outdir: mkdtempSync(join(tmpdir(), 'drift-')), registerPacks: false });
  const runtimes = functionRuntimes(Template.fromStack(stack));
  const authorizer = Object.keys(runtimes).filter((id) => id.startsWith('ApiCertificateOuAuthorizerFunction'));
  expect(authorizer).toHaveLength(1);
  expect(Object.entries(runtimes).filter(([, runtime]) => runtime !== DEFAULT_RUNTIME)).toEqual([]);
});
