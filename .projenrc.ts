import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { awscdk, javascript } from 'projen';

// cdk-nag v3 packs run as policy-validation plugins only where aws-cdk-lib hands them the construct
// tree (`appConstruct` on the validation context), which 2.258 is the first to do.
const CDK_MIN_VERSION = '2.258.0';
const CDK_NAG_VERSION = '3.0.2';
// Benchmark only (bench/synth, variant d): the newest AWS Solutions Constructs releases whose
// aws-cdk-lib peer range admits 2.258 (apigateway-lambda 2.104.0 and later need ^2.260.0).
const SOLUTIONS_CONSTRUCTS_BENCH = ['@aws-solutions-constructs/aws-apigateway-lambda@2.100.1', '@aws-solutions-constructs/aws-lambda-dynamodb@2.101.0'];
// The Node.js majors the project is tested on: .ci/run builds and runs every test on 24 and a smoke
// leg on 22, each a release pinned in scripts/with-node.sh. 22 is the oldest Node.js jsii supports.
const TESTED_NODE_MAJORS = [22, 24];
// The Node.js the Lambda bundles are built for: that of the runtime ScopedFunction deploys by default
// (nodejs24.x). test/runtime-drift.test.ts fails when the two, or the Node the tests run on, drift apart.
const LAMBDA_BUNDLE_TARGET = 'node24';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-secure-serverless',
  description:
    'Secure-by-default AWS CDK L3 constructs for serverless APIs: key per use, exact grants, ' +
    'mTLS certificate-OU authorization, audit trails and a cdk-nag rule pack.',
  author: 'cdk-secure-serverless developers',
  authorAddress: 'maintainers@cdk-secure-serverless.invalid',
  repositoryUrl: 'https://github.com/cdk-secure-serverless/cdk-secure-serverless.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'aws-cdk', 'security', 'serverless', 'cdk-nag', 'kms', 'mtls', 'least-privilege'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,
  minNodeVersion: `${Math.min(...TESTED_NODE_MAJORS)}.0.0`,

  cdkVersion: CDK_MIN_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.0',
  peerDeps: [`cdk-nag@^${CDK_NAG_VERSION}`],
  devDeps: [
    `cdk-nag@${CDK_NAG_VERSION}`,
    '@aws-sdk/client-dynamodb@^3',
    '@aws-sdk/client-s3@^3',
    '@types/aws-lambda@^8',
    '@cloud-copilot/iam-simulate',
    'fast-check@^4',
    'esbuild',
    '@cdklabs/cdk-validator-cfnguard',
    ...SOLUTIONS_CONSTRUCTS_BENCH,
    // The compliance gate's tests: the SARIF 2.1.0 schema (the OASIS 2.1.0 release, rtm.5, shipped
    // in jest-sarif's lib/schemas/) checked by ajv's draft-04 validator, and the JUnit XML read
    // by a JUnit consumer.
    '@microsoft/jest-sarif@1.0.0-beta.0',
    'ajv@^8',
    'ajv-draft-04@^1',
    'ajv-formats@^3',
    'junit2json@^4',
  ],
  // The compliance gate's command line (src/gate/cli.ts, compiled by jsii into lib/gate/cli.js).
  bin: { 'cdk-secure-serverless': 'bin/cdk-secure-serverless' },

  tsconfigDevFile: 'tsconfig.dev.json',
  // Lint tests against the dev tsconfig, which includes them (the jsii tsconfig covers src only).
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'bench', 'examples'], tsconfigPath: './tsconfig.dev.json', projectService: false },
  // Lambda runtime code is bundled by esbuild (below), not compiled by jsii.
  excludeTypescript: ['src/**/*.lambda.ts', 'src/**/runtime/**'],
  lambdaAutoDiscover: false,

  publishToPypi: {
    distName: 'cdk-secure-serverless',
    module: 'cdk_secure_serverless',
  },
  publishToMaven: {
    mavenGroupId: 'io.github.cdk-secure-serverless',
    mavenArtifactId: 'cdk-secure-serverless',
    javaPackage: 'io.github.cdksecureserverless',
  },

  jestOptions: {
    jestConfig: {
      testTimeout: 120_000,
      // Coverage by instrumenting what ts-jest transforms (src and test) rather than V8's: V8 records
      // every function aws-cdk-lib loads in each test file and converting that took five times the
      // tests' own time (test/nag/rules: 53 s with V8 coverage, 17 s with babel, 11 s without).
      coverageProvider: 'babel',
      // One temporary directory per run, removed at its end (test/setup/temporary-directory.ts).
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  },
  gitignore: ['/.work/', '/cdk.out/', '*.cdk.out/'],
});

// State exactly the tested majors (projen would write `>= 22.0.0`, which admits untested 23 and 26).
project.package.addEngine('node', TESTED_NODE_MAJORS.map((major) => `^${major}.0.0`).join(' || '));

// Every `*.lambda.ts` handler is bundled into `assets/<path>/index.js` before jsii runs, with
// the AWS SDK left to the Lambda runtime. The bundles ship in the npm package (and so in the
// Python and Java packages), so no consumer needs a bundler.
for (const entrypoint of lambdaEntrypoints('src')) {
  project.bundler.addBundle(entrypoint, {
    platform: 'node',
    target: LAMBDA_BUNDLE_TARGET,
    externals: ['@aws-sdk/*'],
    sourcemap: false,
    minify: true,
  });
}

// The npm tarball (which the wheel and the jar embed) ships lib/, assets/ and the docs: never the
// venvs and Maven repositories the test scripts make under .work/, nor the repo's tools.
project.npmignore?.exclude('/.work/', '/.ci/', '/bench/', '/examples/', '/scripts/', '/rosetta/', '/cdk.out/', '*.cdk.out/');

project.tsconfigDev.addInclude('.projenrc.ts');

// jsii warns of names reserved in another language (a method named `lambda` can't be called so
// from Python); the build fails on any such warning instead of silencing it.
project.compileTask.reset('jsii --fail-on-warnings');

// ts-jest only transpiles (isolatedModules), so the tests and tools are type-checked here.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check sources, tests, benchmarks and examples',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);

// The Python tools the tests start or run (moto's S3 server, cfn-lint, checkov) are installed before
// jest starts: on a clean clone the first install takes minutes, longer than a test hook may wait,
// and parallel test files would otherwise race to create the same venv.
const pythonTools = project.addTask('python-tools', {
  description: 'Create the pinned Python venv the tests use (.work/venv), once',
  exec: 'bash scripts/python-tools.sh > /dev/null',
});
project.testTask.prependSpawn(pythonTools);

// The compliance gate: cfn-lint and checkov (pinned, in a venv the script creates) over every
// synthesized template.
const compliance = project.addTask('compliance', {
  description: 'Scan the synthesized templates with cfn-lint and checkov',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json test/compliance/gate.ts',
});
project.testTask.spawn(compliance);

// Not part of the build: the generative deployability test with many more cases, from a fresh
// seed (the test command runs 20 from a fixed one). Each case is refused at synthesis with a
// clear error or its template passes cfn-lint (the compliance gate's pinned venv).
project.addTask('fuzz:deploy', {
  description: 'Generate many prop combinations of every construct; each must be refused clearly or pass cfn-lint',
  env: { FUZZ_DEPLOY_RUNS: '400', FUZZ_DEPLOY_SEED: 'random' },
  steps: [
    { spawn: 'bundle' },
    { exec: 'jest --coverage=false --testTimeout=3600000 test/deployability' },
  ],
});

// Not part of the build: warm/cache-miss latency, cold load and size of the bundled authorizer.
project.addTask('bench:authorizer', {
  description: 'Benchmark the certificate-OU authorizer bundle (writes bench/results/authorizer.*)',
  steps: [
    { spawn: 'bundle:secure-api/authorizer.lambda' },
    { exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/authorizer/run.ts' },
  ],
});

// The example app's handlers, bundled like a consumer would (not shipped in the package).
const exampleHandlers = ['ingest', 'query'];
const bundleExamples = project.addTask('examples:bundle', {
  description: "Bundle the example app's Lambda handlers",
  steps: exampleHandlers.map((name) => ({
    exec: `esbuild --bundle examples/lambda/${name}.ts --platform=node --target=${LAMBDA_BUNDLE_TARGET} --external:@aws-sdk/* --minify --outfile=examples/dist/${name}/index.js --log-level=warning`,
  })),
});
project.preCompileTask.spawn(bundleExamples);
project.gitignore.exclude('/examples/dist/');

// Not part of the build: synthesis time, memory, template size and cdk-nag findings of the seed's
// demo built with the library, plain L2, hand-hardened L2 and AWS Solutions Constructs.
project.addTask('bench:synth', {
  description: 'Benchmark synthesis against the alternatives (writes bench/results/synth.*)',
  steps: [
    { spawn: 'bundle' },
    { spawn: 'examples:bundle' },
    { exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/synth/run.ts' },
  ],
});

// Not part of the build: SecureServerlessChecks and every cdk-nag pack over a directory of public
// templates and CDK apps no one here wrote (kept out of the repository): `npx projen corpus <dir>`.
project.addTask('corpus', {
  description: 'Run the nag packs over a corpus of public templates and CDK apps (writes bench/results/corpus.*)',
  steps: [{ exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/corpus/run.ts', receiveArgs: true }],
});

// The examples in the docs and the README compile: jsii-rosetta translates them (fixtures in
// rosetta/) into the tablet jsii-pacmak writes into the Python and Java docs. Strict: an example
// that doesn't compile fails the build.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile the examples in the docs and README and translate them for the other languages',
  exec: 'jsii-rosetta extract --strict .jsii',
});
project.postCompileTask.spawn(rosetta);
project.gitignore.exclude('/.jsii.tabl.json');

// Python and Java bindings are built on every build, CI included (projen packages only JavaScript
// under CI), then exercised by a small app in each language: `package` ends with the smoke tests
// (projen locks the build task itself). jsii-pacmak's Maven build uses the
// project's repository under .work/ (seeded so cdk-nag's version range resolves, and reused by the
// Java smoke test) instead of downloading everything into a new one on every run.
const packageJava = project.tasks.tryFind('package:java')!;
packageJava.reset('bash test/bindings/java/seed-maven-repository.sh');
packageJava.exec('jsii-pacmak -v --target java --maven-local-repository .work/m2-repository');
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package-all')!);
const testBindings = project.addTask('test:bindings', {
  description: 'Smoke-test the built Python wheel and Java jar with the reference app (run after package)',
  steps: [{ exec: 'bash test/bindings/python/run.sh' }, { exec: 'bash test/bindings/java/run.sh' }],
});
project.packageTask.spawn(testBindings);

// The Node 22 smoke leg of .ci/run (run under Node 22 by scripts/with-node.sh, after the Node 24
// build): the library compiles, and the tests of what runs where a CDK app runs (constructs, rule
// pack, example app) pass. Left out: the Lambda handlers' tests (their code runs on the Lambda
// runtime, Node 24) and the runtime-drift test, which asserts the tests run on that same Node.
project.addTask('test:synth', {
  description: 'Compile and run the synthesis tests only (the Node 22 smoke leg of .ci/run)',
  steps: [
    { spawn: 'pre-compile' },
    { spawn: 'compile' },
    { spawn: 'python-tools' },
    {
      exec: 'jest --coverage=false --testPathIgnorePatterns /node_modules/ /test/secure-api/runtime/ ' +
        '/test/secure-api/mapping-seed-handler.test.ts /test/examples/handlers.dynamodb-local.test.ts /test/runtime-drift.test.ts',
    },
  ],
});

// Not part of the build: the compliance gate's wall time beside synthesis of the example app and
// of the synth benchmark's 50-service app.
project.addTask('bench:gate', {
  description: 'Benchmark the compliance gate on the example app and the 50-service app (writes bench/results/gate.*)',
  steps: [
    { spawn: 'bundle' },
    { spawn: 'examples:bundle' },
    { exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/gate/run.ts' },
  ],
});

project.addTask('main', {
  description: 'The main job: synthesize the example app with every cdk-nag pack and print the compliance summary',
  steps: [
    { spawn: 'pre-compile' },
    { exec: 'ts-node --transpile-only --project tsconfig.dev.json examples/main.ts' },
  ],
});

project.synth();

function lambdaEntrypoints(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.lambda.ts'))
    .map((file) => join(dir, file))
    .sort();
}

