import { IConstruct } from 'constructs';

/**
 * One failure of a construct's input, found when it is built or when the app is synthesized: a
 * stable code, where it is, what is wrong and the fix.
 */
export interface Failure {
  /**
   * Names the failure and stays the same across releases while the words may change:
   * `<Construct>.<Failure>`, e.g. `SecureApi.NoRoutes`. Users and tests match on it.
   */
  readonly code: string;
  /** The construct whose input failed; none for a static factory such as `KeyUse.of`. */
  readonly scope?: IConstruct;
  /** The prop or method that got the input, as the user wrote it; none when the problem says it. */
  readonly prop?: string;
  /** What is wrong, without a final period. */
  readonly problem: string;
  /** What to do instead, without a final period. */
  readonly fix: string;
}

/**
 * The one rendering of a failure: `[<path>] <prop>: <problem>. Fix: <fix> (<code>)`. The path is
 * left out where CDK prints it already (see `addFailureCheck`).
 */
export function failureMessage(failure: Failure, withPath = true): string {
  const where = withPath && failure.scope ? `[${failure.scope.node.path}] ` : '';
  const prop = failure.prop === undefined ? '' : `${failure.prop}: `;
  return `${where}${prop}${failure.problem}. Fix: ${failure.fix} (${failure.code})`;
}

/**
 * A construct prop that can't be honoured, thrown while the construct is built. The message names
 * the construct path, the prop, the fix and the code; `code` carries the code alone.
 */
export class InvalidPropError extends Error {
  /** The failure's stable code (see `Failure.code`). */
  public readonly code: string;

  constructor(code: string, scope: IConstruct | undefined, prop: string | undefined, problem: string, fix: string) {
    super(failureMessage({ code, scope, prop, problem, fix }));
    this.name = 'InvalidPropError';
    this.code = code;
  }
}

/** Throws an `InvalidPropError` unless `condition` holds. */
export function requireProp(code: string, condition: boolean, scope: IConstruct, prop: string, problem: string, fix: string): void {
  if (!condition) {
    throw new InvalidPropError(code, scope, prop, problem, fix);
  }
}

/**
 * Checks `scope` when the app is synthesized (`node.addValidation`), for failures that need the
 * finished tree. CDK prints `[<path of scope>]` before each message, so a failure of `scope`
 * itself is rendered without its path, and one of another construct (a method of the API) with
 * that construct's path.
 */
export function addFailureCheck(scope: IConstruct, check: () => Failure[]): void {
  scope.node.addValidation({
    validate: () => check().map((failure) => failureMessage(failure, failure.scope !== scope)),
  });
}
