import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { requireProp } from './errors';

/**
 * Lambda caps a function's environment: "4 KB, for all environment variables associated with the
 * function, in aggregate" (AWS Lambda developer guide, "Lambda quotas"). Counted as the bytes of
 * every name and value in UTF-8.
 */
export const MAX_LAMBDA_ENVIRONMENT_BYTES = 4096;

/**
 * What a value not known at synthesis (a token, e.g. a generated table name) may take at most:
 * 255 characters, DynamoDB's longest table name and more than any name CloudFormation generates.
 */
const UNRESOLVED_VALUE_BYTES = 255;

/** Fails with `code`, naming the prop that filled it, when `environment` would not fit Lambda's 4 KB. */
export function requireEnvironmentFits(code: string, scope: IConstruct, prop: string, environment: Record<string, string>, fix: string): void {
  const bytes = Object.entries(environment).reduce((total, [name, value]) =>
    total + Buffer.byteLength(name) + (Token.isUnresolved(value) ? UNRESOLVED_VALUE_BYTES : Buffer.byteLength(value)), 0);
  requireProp(code, bytes <= MAX_LAMBDA_ENVIRONMENT_BYTES, scope, prop,
    `the function's environment would take up to ${bytes} bytes, over Lambda's ${MAX_LAMBDA_ENVIRONMENT_BYTES} bytes for all ` +
    'environment variables together', fix);
}
