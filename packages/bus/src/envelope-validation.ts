import { catalog, type EventOf, type EventType } from '@intent-radar/proto-schemas';
import type { z } from 'zod';
import { fastParserOf } from './schema-fastpath.ts';

/** The data a publisher passes for an event type (schema input: defaulted fields may be omitted). */
export type EventInput<T extends EventType> = z.input<(typeof catalog)[T]['schema']>['data'];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalog, type);
}

export type EnvelopeCheck<T extends EventType> = { ok: true; event: EventOf<T> } | { ok: false; issues: string };

/**
 * Validates a whole envelope against its catalog schema; issues are a short human-readable list.
 * A valid envelope takes the schema's fast path (schema-fastpath.ts: zod's output without zod);
 * zod decides everything else, so every refusal and its issues are zod's.
 */
export function checkEnvelope<T extends EventType>(type: T, envelope: unknown): EnvelopeCheck<T> {
  const { schema } = catalog[type];
  const fast = fastParserOf(schema)(envelope);
  if (fast !== undefined) return { ok: true, event: fast as EventOf<T> };
  const result = schema.safeParse(envelope);
  if (result.success) return { ok: true, event: result.data as EventOf<T> };
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
