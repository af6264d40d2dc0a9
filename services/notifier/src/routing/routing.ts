import { z } from 'zod';
import { DIGEST_PERIODS, type DigestPeriod } from '../format/digest.ts';
import { quietHoursEnd, quietHoursSchema } from './quiet-hours.ts';

export const FREQUENCIES = ['instant', ...DIGEST_PERIODS] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** The routing half of an alert destination (alert_destinations row). */
export const routingRulesSchema = z.object({
  /** Monitors this destination hears about; empty means every monitor of the workspace. */
  monitorIds: z.array(z.string().min(1)).max(1000).default([]),
  minScore: z.number().int().min(1).max(10).default(7),
  frequency: z.enum(FREQUENCIES).default('instant'),
  quietHours: quietHoursSchema.nullable().default(null),
});
export type RoutingRules = z.infer<typeof routingRulesSchema>;

/** What to do with one signal for one destination. */
export type RouteDecision =
  | { action: 'skip'; reason: 'monitor' | 'score' }
  | { action: 'send' }
  | { action: 'hold'; until: Date }
  | { action: 'digest'; period: DigestPeriod };

/** Decides, purely, whether a signal goes to a destination now, later (quiet hours), in a digest, or not at all. */
export function routeSignal(signal: { monitorId: string; intentScore: number }, rules: RoutingRules, now: Date): RouteDecision {
  if (rules.monitorIds.length > 0 && !rules.monitorIds.includes(signal.monitorId)) return { action: 'skip', reason: 'monitor' };
  if (signal.intentScore < rules.minScore) return { action: 'skip', reason: 'score' };
  if (rules.frequency !== 'instant') return { action: 'digest', period: rules.frequency };
  const until = rules.quietHours ? quietHoursEnd(now, rules.quietHours) : null;
  return until ? { action: 'hold', until } : { action: 'send' };
}
