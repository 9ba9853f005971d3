/** `value[key]` when `value` is an object and the field is a string; the event is untrusted input. */
export function stringField(value: unknown, key: string): string | undefined {
  const field = objectField(value, key);
  return typeof field === 'string' ? field : undefined;
}

/** `value[key]` when `value` is a (non-array) object, else `undefined`. */
export function objectField(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) {
    return undefined;
  }
  return (value as Record<string, unknown>)[key];
}
