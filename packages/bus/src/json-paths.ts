/** A path into a JSON value: object keys and array indexes from the root. */
export type JsonPath = (string | number)[];

/**
 * Every path into a JSON value, the root included: fuzz tests damage a valid example at one of
 * them (set, delete, add a key) to get near-valid input.
 */
export function jsonPathsOf(v: unknown, at: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...jsonPathsOf(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...jsonPathsOf(x, [...at, k]));
  return out;
}
