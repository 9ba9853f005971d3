import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DEPRECATED_RUNTIME_NAMES, isDeprecatedRuntime, latestNodeRuntime } from '../../src/scoped-function/lambda-runtimes';

test('the default is the newest Node.js runtime aws-cdk-lib knows, not the lagging NODEJS_LATEST alias', () => {
  expect(latestNodeRuntime()).toBe(lambda.Runtime.NODEJS_24_X);
  expect(latestNodeRuntime().name).not.toEqual(lambda.Runtime.NODEJS_LATEST.name);
});

test('supported runtimes are not flagged; retired ones are', () => {
  expect(isDeprecatedRuntime(lambda.Runtime.NODEJS_22_X)).toBe(false);
  expect(isDeprecatedRuntime(lambda.Runtime.PYTHON_3_13)).toBe(false);
  expect(isDeprecatedRuntime(lambda.Runtime.NODEJS_18_X)).toBe(true);
});

test('Node.js 20, deprecated by AWS for Lambda before aws-cdk-lib marks it, is refused too', () => {
  expect(isDeprecatedRuntime(lambda.Runtime.NODEJS_20_X)).toBe(true);
});

test("the deprecated list matches the installed aws-cdk-lib's @deprecated marks on Runtime", () => {
  const root = dirname(require.resolve('aws-cdk-lib/package.json'));
  const assembly = JSON.parse(gunzipSync(readFileSync(join(root, '.jsii.gz'))).toString());
  const runtimeType = assembly.types['aws-cdk-lib.aws_lambda.Runtime'];
  const marked = runtimeType.properties
    .filter((property: any) => property.static && property.docs?.deprecated !== undefined)
    .map((property: any) => (lambda.Runtime as any)[property.name].name as string);
  expect([...DEPRECATED_RUNTIME_NAMES].sort()).toEqual([...new Set(marked)].sort());
});
