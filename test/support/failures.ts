/**
 * The stable codes of this library's failures (`SecureApi.NoRoutes`), read from what a user sees:
 * a thrown error's `code`, or the `(<code>)` that ends each message of a failed synthesis.
 */

/** The code of the error `build` throws; `undefined` when it throws none or one without a code. */
export function thrownCode(build: () => unknown): string | undefined {
  try {
    build();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

/** The codes ending the messages in a synthesis error (or any text), in order. */
export function failureCodes(text: string): string[] {
  return [...text.matchAll(/\(([A-Z][A-Za-z]*\.[A-Z][A-Za-z0-9]*)\)$/gm)].map((match) => match[1]);
}

/** Matches a thrown error by its code: `expect(build).toThrow(withCode('SecureApi.NoRoutes'))`. */
export function withCode(code: string): Error {
  // An asymmetric matcher, which toThrow accepts though its typing names only errors, strings and patterns.
  return expect.objectContaining({ code }) as Error;
}
