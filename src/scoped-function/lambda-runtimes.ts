import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Runtimes AWS Lambda no longer supports: the `Runtime` constants aws-cdk-lib marks
 * `@deprecated` ("Legacy runtime no longer supported by AWS Lambda"). aws-cdk-lib keeps that
 * mark only in its jsii assembly, not at run time, so the names are listed here; a test compares
 * this list with the installed aws-cdk-lib's marks so it can't fall behind.
 */
export const DEPRECATED_RUNTIME_NAMES: ReadonlySet<string> = new Set([
  'dotnet6', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1',
  'go1.x',
  'java8',
  'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'nodejs18.x',
  'provided',
  'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9',
  'ruby2.5', 'ruby2.7',
]);

/**
 * Runtimes AWS has deprecated for Lambda that aws-cdk-lib does not mark yet: no new function
 * should start on them.
 */
export const DEPRECATED_BY_AWS_NOT_YET_MARKED: ReadonlySet<string> = new Set(['nodejs20.x']);

/** Whether AWS Lambda has retired or deprecated this runtime. */
export function isDeprecatedRuntime(runtime: lambda.Runtime): boolean {
  return DEPRECATED_RUNTIME_NAMES.has(runtime.name) || DEPRECATED_BY_AWS_NOT_YET_MARKED.has(runtime.name);
}

/**
 * The newest Node.js runtime the installed aws-cdk-lib knows (e.g. `nodejs24.x` in 2.257), so
 * the default moves forward with aws-cdk-lib. `NODEJS_LATEST` is skipped: it is a moving alias
 * that lags behind (it is `nodejs22.x` in 2.257).
 */
export function latestNodeRuntime(): lambda.Runtime {
  const candidates = lambda.Runtime.ALL
    .filter((runtime) => runtime.family === lambda.RuntimeFamily.NODEJS && !runtime.isVariable && !isDeprecatedRuntime(runtime))
    .map((runtime) => ({ runtime, version: nodeMajorVersion(runtime.name) }))
    .filter((candidate) => candidate.version !== undefined);
  candidates.sort((a, b) => b.version! - a.version!);
  return candidates[0].runtime;
}

function nodeMajorVersion(name: string): number | undefined {
  const match = /^nodejs(\d+)/.exec(name);
  return match ? Number(match[1]) : undefined;
}
