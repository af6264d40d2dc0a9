/**
 * Structural comparison against a captured response: every key the capture has must exist in
 * the actual value with the same JSON type, at every level. A null in the capture accepts any
 * type (the capture cannot tell us the type); arrays compare each actual element with the
 * capture's first element. Returns the mismatching paths (empty = same structure).
 */
export function compareShape(
  capture: unknown,
  actual: unknown,
  opts: { ignore?: readonly string[] } = {},
  path = '$',
): string[] {
  const ignore = opts.ignore ?? [];
  if (ignore.includes(path)) return [];
  if (capture === null || capture === undefined) return [];
  const ct = jsonType(capture);
  const at = jsonType(actual);
  if (ct !== at) return [`${path}: expected ${ct}, got ${at}`];
  if (Array.isArray(capture) && Array.isArray(actual)) {
    const first: unknown = capture[0];
    if (first === undefined) return [];
    return actual.flatMap((el, i) =>
      compareShape(first, el, opts, `${path}[]`).map((m) => m.replace(`${path}[]`, `${path}[${i}]`)),
    );
  }
  if (ct === 'object') {
    const c = capture as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    return Object.keys(c).flatMap((k) => {
      const childPath = `${path}.${k}`;
      if (ignore.includes(childPath)) return [];
      if (!(k in a)) return [`${childPath}: missing`];
      return compareShape(c[k], a[k], opts, childPath);
    });
  }
  return [];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
