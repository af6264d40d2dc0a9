import { catalog, type EventOf, type EventType } from '@intent-radar/proto-schemas';
import type { z } from 'zod';
import { fastParserOf } from './schema-fastpath.ts';

/** The data a publisher passes for an event type (schema input: defaulted fields may be omitted). */
export type EventInput<T extends EventType> = z.input<(typeof catalog)[T]['schema']>['data'];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalog, type);
}

export type EnvelopeCheck<T extends EventType> = { ok: true; event: EventOf<T> } | { ok: false; issues: string };

/** Validates a whole envelope against its catalog schema; issues are a short human-readable list. */
export function checkEnvelope<T extends EventType>(type: T, envelope: unknown): EnvelopeCheck<T> {
  return parseWith(catalog[type].schema, envelope) as EnvelopeCheck<T>;
}

/** zod's verdict, reached by the schema's fast path when the envelope is valid (schema-fastpath.ts). */
function parseWith(schema: z.ZodType, envelope: unknown): EnvelopeCheck<EventType> {
  const fast = fastParserOf(schema)(envelope);
  if (fast !== undefined) return { ok: true, event: fast as EventOf<EventType> };
  const result = schema.safeParse(envelope);
  if (result.success) return { ok: true, event: result.data as EventOf<EventType> };
  return { ok: false, issues: formatIssues(result.error.issues) };
}

/** `path: message; ...`, at most 10 issues, so a reason fits a log line and a dead letter. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 10).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
  if (issues.length > shown.length) shown.push(`... and ${issues.length - shown.length} more`);
  return shown.join('; ');
}

const patterns = new Map<EventType, string>();

/** The catalog's subject template as a NATS pattern: `posts.raw.<platform>` -> `posts.raw.*`. */
export function subjectPattern(type: EventType): string {
  let pattern = patterns.get(type);
  if (pattern === undefined) {
    pattern = catalog[type].subject.replace(/<[^>]+>/g, '*');
    patterns.set(type, pattern);
  }
  return pattern;
}

// Data of events the consumer runner validated (checkIncoming). Weak: gone with the event.
const validatedData = new WeakSet<object>();

/** checkEnvelope for a consumed message; a valid event's data is remembered for checkDerived. */
export function checkIncoming<T extends EventType>(type: T, envelope: unknown): EnvelopeCheck<T> {
  const check = checkEnvelope(type, envelope);
  if (check.ok) validatedData.add(check.event.data);
  return check;
}

/** A consumed event (checkIncoming) whose data an outgoing event carries over, with fields added. */
export interface DerivedFrom {
  readonly type: EventType;
  readonly data: object;
}

const dataShapeOf = (type: EventType): Readonly<Record<string, z.ZodType>> => (catalog[type].schema.shape.data as unknown as z.ZodObject).shape;

/** What one event type can carry over from another, worked out once per pair of types. */
interface Carry {
  /** Field names of the outgoing data, in schema order. */
  readonly keys: readonly string[];
  /** Per key: the consumed type has that field under the very same schema (the first 31: one bit each). */
  readonly shared: readonly boolean[];
  /** By bit set of carried-over fields: the envelope schema with those data fields left out. */
  readonly rest: Map<number, z.ZodType>;
}
const carries = new Map<EventType, Map<EventType, Carry>>();
function carryOf(type: EventType, from: EventType): Carry {
  let byFrom = carries.get(type);
  if (byFrom === undefined) carries.set(type, (byFrom = new Map<EventType, Carry>()));
  let carry = byFrom.get(from);
  if (carry === undefined) {
    const shape = dataShapeOf(type);
    const fromShape = dataShapeOf(from);
    const keys = Object.keys(shape);
    carry = { keys, shared: keys.map((k, i) => i < 31 && Object.hasOwn(fromShape, k) && fromShape[k] === shape[k]), rest: new Map() };
    byFrom.set(from, carry);
  }
  return carry;
}

/**
 * checkEnvelope for an event whose data carries over fields of a consumed event `from` (the
 * scorer republishes a raw post with its analysis added): a field holding the very same value as
 * in `from.data`, under the very same field schema, was validated when `from` was consumed, so
 * only the other fields (and the envelope's own) are checked. Sound as long as `from` was not
 * changed since it was consumed. The event is what checkEnvelope would give: the same fields in
 * the same order. A `from` not from checkIncoming, or sharing no field, means a full checkEnvelope.
 */
export function checkDerived<T extends EventType>(type: T, envelope: { readonly data: object }, from: DerivedFrom): EnvelopeCheck<T> {
  if (!validatedData.has(from.data)) return checkEnvelope(type, envelope);
  const { keys, shared, rest: restByCarried } = carryOf(type, from.type);
  const data = envelope.data as Record<string, unknown>;
  const fromData = from.data as Record<string, unknown>;
  let carried = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (shared[i] && data[key] === fromData[key]) carried |= 1 << i;
  }
  if (carried === 0) return checkEnvelope(type, envelope);
  let rest = restByCarried.get(carried);
  if (rest === undefined) {
    const { schema } = catalog[type];
    const omit = Object.fromEntries(keys.filter((_, i) => carried & (1 << i)).map((k) => [k, true] as const));
    rest = (schema as unknown as z.ZodObject).extend({ data: (schema.shape.data as unknown as z.ZodObject).omit(omit as never) });
    restByCarried.set(carried, rest);
  }
  // The carried fields are unknown keys to `rest`: stripped, not checked.
  const check = parseWith(rest, envelope);
  if (!check.ok) return check;
  const checked = check.event as { data: Record<string, unknown> };
  // In schema order, each field present where checkEnvelope's output would have it.
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (carried & (1 << i)) {
      if (key in data) out[key] = data[key];
    } else if (key in checked.data) out[key] = checked.data[key];
  }
  return { ok: true, event: { ...checked, data: out } as EventOf<T> };
}
