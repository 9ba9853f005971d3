import { IConstruct } from 'constructs';

/**
 * A construct prop that can't be honoured. The message names the construct path, the prop and
 * the fix, so a failed synthesis tells the user exactly what to change.
 */
export class InvalidPropError extends Error {
  constructor(scope: IConstruct, prop: string, problem: string, fix: string) {
    super(`[${scope.node.path}] ${prop}: ${problem}. Fix: ${fix}`);
    this.name = 'InvalidPropError';
  }
}

/** Throws an `InvalidPropError` unless `condition` holds. */
export function requireProp(condition: boolean, scope: IConstruct, prop: string, problem: string, fix: string): void {
  if (!condition) {
    throw new InvalidPropError(scope, prop, problem, fix);
  }
}
