/**
 * Decodes `application/x-www-form-urlencoded` with bracket nesting (`metadata[plan]=pro`,
 * `line_items[0][price]=p`) into objects, the way Stripe reads what its SDK sends.
 */
export function decodeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, '').split('[');
    let cur: Record<string, unknown> = root;
    for (let i = 0; i < parts.length; i++) {
      const key = parts[i] ?? '';
      if (i === parts.length - 1) {
        cur[key] = value;
      } else {
        const next = cur[key];
        if (typeof next === 'object' && next !== null) {
          cur = next as Record<string, unknown>;
        } else {
          const created: Record<string, unknown> = {};
          cur[key] = created;
          cur = created;
        }
      }
    }
  }
  return arraysFromIndexes(root) as Record<string, unknown>;
}

/** `{0: a, 1: b}` -> `[a, b]`, recursively. */
function arraysFromIndexes(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  const mapped = Object.fromEntries(keys.map((k) => [k, arraysFromIndexes(obj[k])]));
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => mapped[k]);
  return mapped;
}
