import type { z } from 'zod';

/**
 * A fast path for valid input in front of zod (the source of truth): a schema is compiled once
 * into plain functions that either return exactly what zod's parse would (a fresh value, fields in
 * schema order, unknown keys stripped, defaults filled in) or give up. Giving up means "let zod
 * decide": it is not a verdict, so every error message and every unusual input (a present
 * `undefined`, a string near a length limit counted in code points, a schema kind not known here)
 * is still zod's. zod parsed a consumed raw post in ~4 µs and a scored one in ~14 µs
 * (payload objects and issue arrays for every field); this takes a fraction of that.
 *
 * Known kinds: object (no catchall), array, tuple (no rest), string (min/max/exact length, ISO
 * datetime), number (int, bounds), boolean, enum, literal, optional, nullable, default. Any other
 * kind, and any other check, is handed to zod's own parse of that part (`safeParse`), so the
 * result is zod's either way. Sound as long as zod's semantics for the known kinds stay as below:
 * the equivalence property test (schema-fastpath.test.ts) runs every catalog schema against zod.
 */
export type FastParse = (input: unknown) => unknown;

/** Returned by a compiled node that leaves the verdict to zod. */
const GIVE_UP: unique symbol = Symbol('give up');
type Node = (v: unknown) => unknown;

const compiled = new WeakMap<z.ZodType, FastParse>();

/**
 * The fast path of an object schema (an envelope): its parse of valid input, or undefined where zod
 * has to decide.
 */
export function fastParserOf(schema: z.ZodType): FastParse {
  let parse = compiled.get(schema);
  if (parse === undefined) {
    if (internals(schema).def.type !== 'object') throw new TypeError('fastParserOf takes an object schema');
    const node = compile(schema);
    parse = (input) => {
      const out = node(input);
      return out === GIVE_UP ? undefined : out;
    };
    compiled.set(schema, parse);
  }
  return parse;
}

// zod's internals: `_zod.def` (type, checks, ...) is what its own JSON Schema and JIT code read.
interface Internals {
  def: Record<string, unknown> & { type: string; checks?: readonly { _zod: Internals }[] };
  traits: Set<string>;
  optin?: 'optional' | 'defaulted';
  optout?: 'optional';
  values?: Set<unknown>;
}
const internals = (schema: z.ZodType): Internals => (schema as unknown as { _zod: Internals })._zod;

/** zod's own parse of one part: its output, or GIVE_UP when it finds an issue. */
function byZod(schema: z.ZodType): Node {
  return (v) => {
    const r = schema.safeParse(v);
    return r.success ? r.data : GIVE_UP;
  };
}

function compile(schema: z.ZodType): Node {
  const zod = internals(schema);
  const { def } = zod;
  const checks = [...(zod.traits.has('$ZodCheck') ? [zod] : []), ...(def.checks ?? []).map((c) => c._zod)];
  switch (def.type) {
    case 'string':
      return def.coerce ? byZod(schema) : (stringNode(checks) ?? byZod(schema));
    case 'number':
      return def.coerce ? byZod(schema) : (numberNode(checks) ?? byZod(schema));
    case 'boolean':
      return def.coerce || checks.length > 0 ? byZod(schema) : (v) => (typeof v === 'boolean' ? v : GIVE_UP);
    case 'enum':
    case 'literal': {
      const values = zod.values;
      if (checks.length > 0 || !values) return byZod(schema);
      return (v) => (values.has(v) ? v : GIVE_UP);
    }
    case 'optional': {
      const inner = def.innerType as z.ZodType;
      // A defaulted inner type fills in absence itself: zod's rules for that are not copied here.
      if (checks.length > 0 || internals(inner).optin === 'defaulted') return byZod(schema);
      const node = compile(inner);
      return (v) => (v === undefined ? undefined : node(v));
    }
    case 'nullable': {
      if (checks.length > 0) return byZod(schema);
      const node = compile(def.innerType as z.ZodType);
      return (v) => (v === null ? null : node(v));
    }
    case 'default': {
      if (checks.length > 0) return byZod(schema);
      const node = compile(def.innerType as z.ZodType);
      // zod hands out the default without parsing it (the getter makes a fresh copy each time).
      return (v) => {
        if (v === undefined) return def.defaultValue;
        const out = node(v);
        return out === undefined ? def.defaultValue : out;
      };
    }
    case 'array':
      return arrayNode(def.element as z.ZodType, checks) ?? byZod(schema);
    case 'tuple':
      return tupleNode(def.items as z.ZodType[], def.rest, checks) ?? byZod(schema);
    case 'object':
      return objectNode(def.shape as Record<string, z.ZodType>, def.catchall, checks) ?? byZod(schema);
    default:
      return byZod(schema);
  }
}

// zod measures a string's length in code points (a surrogate pair is one).
const highSurrogate = /[\uD800-\uDBFF]/;
function codePointLength(s: string): number {
  const units = s.length;
  if (!highSurrogate.test(s)) return units;
  let count = units;
  for (let i = 0; i < units - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

function stringNode(checks: readonly Internals[]): Node | undefined {
  let min = 0;
  let max = Infinity;
  let exact = -1;
  const patterns: RegExp[] = [];
  for (const { def } of checks) {
    switch (def.check) {
      case 'min_length':
        min = Math.max(min, def.minimum as number);
        break;
      case 'max_length':
        max = Math.min(max, def.maximum as number);
        break;
      case 'length_equals':
        if (exact !== -1) return undefined;
        exact = def.length as number;
        break;
      case 'string_format':
        // Only formats that are nothing but their pattern (url, email, ... check more).
        if (def.format !== 'datetime' || !(def.pattern instanceof RegExp) || def.pattern.global || def.pattern.sticky) return undefined;
        if (def.when !== undefined) return undefined;
        patterns.push(def.pattern);
        break;
      default:
        return undefined;
    }
  }
  return (v) => {
    if (typeof v !== 'string') return GIVE_UP;
    const units = v.length;
    // A code point is one or two units: between max and 2 x min units the count is certain.
    if (units > max || units < 2 * min || exact !== -1) {
      const length = codePointLength(v);
      if (length > max || length < min || (exact !== -1 && length !== exact)) return GIVE_UP;
    }
    for (const p of patterns) if (!p.test(v)) return GIVE_UP;
    return v;
  };
}

function numberNode(checks: readonly Internals[]): Node | undefined {
  let safeInt = false;
  let min = -Infinity;
  let minInclusive = true;
  let max = Infinity;
  let maxInclusive = true;
  for (const { def } of checks) {
    if (def.check === 'number_format') {
      if (def.format !== 'safeint') return undefined;
      safeInt = true;
    } else if (def.check === 'greater_than' && typeof def.value === 'number') {
      if (def.value > min || (def.value === min && !def.inclusive)) {
        min = def.value;
        minInclusive = def.inclusive === true;
      }
    } else if (def.check === 'less_than' && typeof def.value === 'number') {
      if (def.value < max || (def.value === max && !def.inclusive)) {
        max = def.value;
        maxInclusive = def.inclusive === true;
      }
    } else return undefined;
  }
  return (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return GIVE_UP;
    if (safeInt && !Number.isSafeInteger(v)) return GIVE_UP;
    if (minInclusive ? v < min : v <= min) return GIVE_UP;
    if (maxInclusive ? v > max : v >= max) return GIVE_UP;
    return v;
  };
}

function arrayNode(elementSchema: z.ZodType, checks: readonly Internals[]): Node | undefined {
  let min = 0;
  let max = Infinity;
  for (const { def } of checks) {
    if (def.check === 'max_length') max = Math.min(max, def.maximum as number);
    else if (def.check === 'min_length') min = Math.max(min, def.minimum as number);
    else return undefined;
  }
  // An optional element turns a hole or `undefined` into whatever zod's array makes of it.
  if (internals(elementSchema).optin !== undefined) return undefined;
  const element = compile(elementSchema);
  return (v) => {
    if (!Array.isArray(v) || v.length > max || v.length < min) return GIVE_UP;
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const item = element(v[i]);
      if (item === GIVE_UP) return GIVE_UP;
      out[i] = item;
    }
    return out;
  };
}

function tupleNode(itemSchemas: readonly z.ZodType[], rest: unknown, checks: readonly Internals[]): Node | undefined {
  if (rest || checks.length > 0 || itemSchemas.some((s) => internals(s).optin !== undefined || internals(s).optout !== undefined)) return undefined;
  const items = itemSchemas.map(compile);
  const n = items.length;
  return (v) => {
    if (!Array.isArray(v) || v.length !== n) return GIVE_UP;
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const item = (items[i] as Node)(v[i]);
      if (item === GIVE_UP) return GIVE_UP;
      out.push(item);
    }
    return out;
  };
}

/** How a field of an object is read: required, optional (absent stays absent), or defaulted. */
const REQUIRED = 0;
const OPTIONAL = 1;
const DEFAULTED = 2;

function objectNode(shape: Record<string, z.ZodType>, catchall: unknown, checks: readonly Internals[]): Node | undefined {
  if (catchall !== undefined || checks.length > 0) return undefined;
  if (Object.getOwnPropertySymbols(shape).length > 0) return undefined;
  const keys = Object.keys(shape).filter((k) => k !== '__proto__');
  const kinds: number[] = [];
  const fields: Node[] = [];
  for (const key of keys) {
    const field = shape[key] as z.ZodType;
    const { optin, optout } = internals(field);
    if (optin === undefined && optout === undefined) kinds.push(REQUIRED);
    else if (optin === 'optional' && optout === 'optional') kinds.push(OPTIONAL);
    else if (optin === 'defaulted' && optout === undefined) kinds.push(DEFAULTED);
    else return undefined;
    fields.push(compile(field));
  }
  const n = keys.length;
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return GIVE_UP;
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const key = keys[i] as string;
      const value = input[key];
      if (value === undefined) {
        const kind = kinds[i];
        if (kind === REQUIRED) return GIVE_UP;
        if (kind === OPTIONAL) {
          // zod keeps a key that is present as undefined.
          if (key in input) out[key] = undefined;
          continue;
        }
      }
      const parsed = (fields[i] as Node)(value);
      if (parsed === GIVE_UP) return GIVE_UP;
      out[key] = parsed;
    }
    return out;
  };
}
