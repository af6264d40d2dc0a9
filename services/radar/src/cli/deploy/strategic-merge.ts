/**
 * The part of Kubernetes' strategic merge patch the overlays use: maps merge recursively, `null`
 * deletes a key, and lists of objects that carry a merge key (containers, env, ports, volumes,
 * volumeMounts ... all keyed by `name`; ports also by `containerPort`) merge item by item.
 * Every other list is replaced, as in the real algorithm for lists without a patch strategy.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MERGE_KEYS = ['name', 'containerPort', 'mountPath', 'ip'] as const;

/** Returns `base` with `patch` applied; neither argument is modified. */
export function strategicMerge(base: Json, patch: Json): Json {
  if (isObject(base) && isObject(patch)) {
    const out: { [key: string]: Json } = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = key in base ? strategicMerge(base[key] ?? null, value) : value;
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch)) {
    const key = mergeKey(base, patch);
    if (!key) return patch;
    const out = [...base];
    for (const item of patch) {
      const id = (item as { [k: string]: Json })[key];
      const at = out.findIndex((b) => isObject(b) && b[key] === id);
      if (at >= 0) out[at] = strategicMerge(out[at] ?? null, item);
      else out.push(item);
    }
    return out;
  }
  return patch;
}

function mergeKey(base: Json[], patch: Json[]): string | undefined {
  const items = [...base, ...patch];
  if (items.length === 0 || !items.every(isObject)) return undefined;
  return MERGE_KEYS.find((k) => items.every((i) => isObject(i) && i[k] !== undefined));
}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
