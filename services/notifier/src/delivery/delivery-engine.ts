import { PermanentError } from '@intent-radar/bus';
import type { Pool } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import { signalCreatedSchema } from '@intent-radar/proto-schemas';
import { metrics } from '@intent-radar/runtime';
import type { AlertSignal } from '../format/alert-view.ts';
import { buildDigest, type DigestPeriod } from '../format/digest.ts';
import { lastCompletePeriod } from '../routing/digest-period.ts';
import { isQuietAt } from '../routing/quiet-hours.ts';
import { routeSignal } from '../routing/routing.ts';
import { loadAlertSignal } from './alert-signal-repository.ts';
import { sendToDestination, type ChannelDeps, type Deliverable, type SendOutcome } from './channels.ts';
import { DestinationConfigError, parseDestination, type Destination, type DestinationRow } from './destination.ts';
import {
  claimDigest,
  claimDueDeliveries,
  disableDestination,
  expireStaleSends,
  finishDigest,
  getActiveDestinations,
  insertDeliveries,
  listActiveDestinations,
  listDigestDestinations,
  markRequestsStarted,
  recordAttemptResults,
  recordAttempts,
  takeDigestDeliveries,
  type AttemptResult,
  type ClaimedDelivery,
  type NewDelivery,
} from './delivery-repository.ts';
import { nextRetryDelayMs } from './retry-schedule.ts';
import { StatementBatcher } from './statement-batcher.ts';

export interface DeliveryEngineDeps {
  pool: Pool;
  channels: ChannelDeps;
  logger: Logger;
  now: () => Date;
  /** How long a claim protects an in-flight send; must exceed the 10 s outbound timeout by far. Milliseconds. */
  leaseMs?: number;
  /** Poller batch size. */
  batchSize?: number;
  random?: () => number;
  /** Statements of the hot path (insert+claim, record) running at once; more calls wait and go together. */
  statementsInFlight?: number;
  /** How long a hot-path statement that is not full waits for more calls (a bigger batch costs Postgres less per signal). Milliseconds. */
  statementLingerMs?: number;
}

interface InsertItem {
  rows: NewDelivery[];
  now: Date;
}
interface InsertOutcome {
  claimed: ClaimedDelivery[];
  /** Some rows existed already: a redelivered event (claim what an earlier delivery left). */
  conflicted: boolean;
}

const DESTINATION_CACHE_MS = 2_000;
const sendSeconds = metrics.histogram('notifier_send_seconds', 'Time of one send attempt, by channel.', ['channel'], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
const attemptsTotal = metrics.counter('notifier_attempts_total', 'Send attempts by channel and outcome.', ['channel', 'outcome']);
// Clock: the post's creation time on the platform (platform clock) to the confirmed send (our clock): what the user feels, incl. ingest lag, holds and retries.
const alertLatency = metrics.histogram('radar_alert_latency_seconds', "From the post's creation on the platform to a confirmed alert delivery, by channel (includes ingest lag, quiet-hours holds and retries).", ['channel'], [1, 2, 5, 10, 30, 60, 120, 300, 900, 3600, 4 * 3600, 86_400]);

/** Decides, records and sends alerts and digests; all state lives in Postgres so replicas cooperate. */
export class DeliveryEngine {
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly random: () => number;
  private readonly destinationCache = new Map<string, { destinations: Promise<Destination[]>; until: number }>();
  /** signal.created of many concurrent handlers -> one INSERT ... RETURNING (claims included). */
  private readonly inserts: StatementBatcher<InsertItem, InsertOutcome>;
  /** Outcomes of many concurrent sends -> one statement recording attempts and new states. */
  private readonly records: StatementBatcher<{ delivery: ClaimedDelivery; result: AttemptResult }, void>;
  /** "Request about to be written" marks of many concurrent sends -> one UPDATE. */
  private readonly starts: StatementBatcher<string, void>;
  /** Destination lookups (cache misses) of many workspaces -> one SELECT. */
  private readonly destinationLookups: StatementBatcher<string, DestinationRow[]>;

  constructor(private readonly deps: DeliveryEngineDeps) {
    this.leaseMs = deps.leaseMs ?? 120_000;
    this.batchSize = deps.batchSize ?? 100;
    this.random = deps.random ?? Math.random;
    const maxInFlight = deps.statementsInFlight ?? 4;
    const lingerMs = deps.statementLingerMs ?? 4;
    this.inserts = new StatementBatcher(
      async (items) => {
        // One clock for the statement: the latest, so every row due at its own "now" is claimed.
        const now = new Date(Math.max(...items.map((i) => i.now.getTime())));
        const result = await insertDeliveries(deps.pool, items.flatMap((i) => i.rows), now, this.leaseMs);
        // The same signal twice in one statement (a redelivery racing the original): only the
        // first item gets the claims; the second sees a conflict and finds nothing left to claim.
        const seen = new Set<string>();
        return items.map((item) => {
          const signalId = item.rows[0]?.signalId ?? '';
          if (seen.has(signalId)) return { claimed: [], conflicted: true };
          seen.add(signalId);
          return { claimed: result.claimed.filter((c) => c.signal_id === signalId), conflicted: result.conflictedSignals.has(signalId) };
        });
      },
      { maxBatch: 200, maxInFlight, lingerMs },
    );
    this.records = new StatementBatcher<{ delivery: ClaimedDelivery; result: AttemptResult }, void>(
      async (items) => {
        await recordAttemptResults(deps.pool, items);
        return items.map(() => undefined);
      },
      { maxBatch: 500, maxInFlight, lingerMs },
    );
    this.starts = new StatementBatcher<string, void>(
      async (ids) => {
        await markRequestsStarted(deps.pool, ids, deps.now());
        return ids.map(() => undefined);
      },
      { maxBatch: 500, maxInFlight, lingerMs },
    );
    this.destinationLookups = new StatementBatcher<string, DestinationRow[]>(
      async (workspaceIds) => {
        const byWorkspace = new Map<string, DestinationRow[]>(workspaceIds.map((id) => [id, []]));
        for (const row of await listActiveDestinations(deps.pool, [...byWorkspace.keys()])) byWorkspace.get(row.workspace_id)?.push(row);
        return workspaceIds.map((id) => byWorkspace.get(id) ?? []);
      },
      { maxBatch: 500, maxInFlight },
    );
  }

  /** Handles one signal.created: one deliveries row per destination, then sends what is due now. */
  async onSignal(signal: AlertSignal): Promise<void> {
    await this.deliver(signal, false);
  }

  /**
   * Handles a signal.updated whose new score crossed a threshold: the stored signal goes down the
   * same path as a new one, and only destinations that skipped it at creation and now admit it get
   * it (once: a reopened row is no longer 'skipped'). Destinations already alerted get nothing.
   */
  async onSignalRescored(update: { workspaceId: string; signalId: string }): Promise<void> {
    const signal = await loadAlertSignal(this.deps.pool, update.workspaceId, update.signalId);
    if (!signal) {
      this.deps.logger.info({ signalId: update.signalId, workspaceId: update.workspaceId }, 'rescored signal gone, archived or unscored; nothing to alert');
      return;
    }
    await this.deliver(signal, true);
  }

  private async deliver(signal: AlertSignal, rescored: boolean): Promise<void> {
    const now = this.deps.now();
    const destinations = await this.workspaceDestinations(signal.workspaceId, now);
    const rows: NewDelivery[] = destinations.map((destination) => {
      const decision = routeSignal(signal, destination.rules, now);
      const base = { workspaceId: signal.workspaceId, signalId: signal.signalId, destinationId: destination.id, payload: signal };
      switch (decision.action) {
        case 'skip':
          return { ...base, status: 'skipped', nextAttemptAt: null };
        case 'digest':
          return { ...base, status: 'digest', nextAttemptAt: null };
        case 'hold':
          return { ...base, status: 'pending', nextAttemptAt: decision.until };
        case 'send':
          return { ...base, status: 'pending', nextAttemptAt: now };
      }
    });
    if (rows.length === 0) return;
    // Re-scores are rare: their upsert goes alone rather than through the batched plain insert.
    const inserted = rescored ? await this.reopenSkipped(signal.signalId, rows, now) : await this.inserts.submit({ rows, now });
    const claimed = inserted.claimed;
    // A redelivered event: claim what an earlier delivery recorded but never sent (claims are atomic).
    if (inserted.conflicted) claimed.push(...(await claimDueDeliveries(this.deps.pool, { signalId: signal.signalId }, now, this.leaseMs)));
    const byId = new Map(destinations.map((d) => [d.id, d]));
    // The event in hand is the payload just stored: no need to read it back and parse it again.
    await Promise.all(claimed.map((c) => this.attempt(c, byId.get(c.destination_id), signal)));
  }

  private async reopenSkipped(signalId: string, rows: NewDelivery[], now: Date): Promise<InsertOutcome> {
    const result = await insertDeliveries(this.deps.pool, rows, now, this.leaseMs, { reopenSkipped: true });
    return { claimed: result.claimed, conflicted: result.conflictedSignals.has(signalId) };
  }

  /** One poller pass: settle expired claims, then send due retries and held alerts. Returns rows attempted. */
  async pollOnce(): Promise<number> {
    const now = this.deps.now();
    const expired = await expireStaleSends(this.deps.pool, now);
    if (expired > 0) this.deps.logger.warn({ expired }, 'settled sends interrupted by a crash');
    const claimed = await claimDueDeliveries(this.deps.pool, { limit: this.batchSize }, now, this.leaseMs);
    if (claimed.length === 0) return 0;
    const destinations = await this.parseAll(await getActiveDestinations(this.deps.pool, [...new Set(claimed.map((c) => c.destination_id))]));
    const byId = new Map(destinations.map((d) => [d.id, d]));
    await Promise.all(claimed.map((c) => this.attempt(c, byId.get(c.destination_id))));
    return claimed.length;
  }

  /** Handles a digest job: every digest destination (of `period`, or all) gets its last complete period, once. */
  async onDigestJob(period: DigestPeriod | undefined): Promise<void> {
    const now = this.deps.now();
    const destinations = await this.parseAll(await listDigestDestinations(this.deps.pool));
    for (const destination of destinations) {
      const frequency = destination.rules.frequency;
      if (frequency === 'instant' || (period !== undefined && frequency !== period)) continue;
      // A digest during quiet hours waits for a later job; the period key stays the same until then.
      if (destination.rules.quietHours && isQuietAt(now, destination.rules.quietHours)) continue;
      await this.sendDigest(destination, frequency, now);
    }
  }

  private async sendDigest(destination: Destination, period: DigestPeriod, now: Date): Promise<void> {
    const { pool, logger } = this.deps;
    const bounds = lastCompletePeriod(now, period, destination.timeZone);
    const digestId = await claimDigest(pool, { workspaceId: destination.workspaceId, destinationId: destination.id, period, ...bounds }, now, this.leaseMs);
    if (!digestId) return;
    const taken = await takeDigestDeliveries(pool, digestId, destination.id, bounds.end, now, this.leaseMs);
    if (taken.length === 0) return finishDigest(pool, digestId, 'empty', 0, null, now);
    const signals = taken.map((t) => signalCreatedSchema.parse(t.payload));
    const digest = buildDigest(signals, period, bounds.start, bounds.end);
    const startedAt = new Date();
    const outcome = await this.send(destination, { kind: 'digest', digest, messageId: `dig_${digestId}` });
    const finishedAt = this.deps.now();
    // A failed digest puts its signals back: they go out with the next period instead of being lost.
    // An unconfirmed one may have been posted: its signals are not put in a second digest.
    const status = outcome.kind === 'sent' ? 'sent' : outcome.kind === 'unconfirmed' ? 'failed' : 'digest';
    await recordAttempts(pool, taken, this.result(outcome, status, null, startedAt, finishedAt));
    await finishDigest(pool, digestId, outcome.kind === 'sent' ? 'sent' : 'failed', taken.length, outcome.kind === 'sent' ? null : outcome.error, finishedAt);
    if (outcome.kind === 'disable') await this.disable(destination.id, outcome.error);
    logger.info({ destinationId: destination.id, digestId, period, signals: taken.length, outcome: outcome.kind }, 'digest processed');
  }

  private async attempt(claim: ClaimedDelivery, destination: Destination | undefined, inHand?: AlertSignal): Promise<void> {
    const startedAt = this.deps.now();
    if (!destination) {
      await this.records.submit({ delivery: claim, result: this.result({ kind: 'failed', error: 'destination disabled or deleted' }, 'failed', null, startedAt, startedAt) });
      return;
    }
    let signal: AlertSignal | undefined;
    try {
      signal = inHand ?? (claim.payload === null ? await this.storedSignal(claim) : signalCreatedSchema.safeParse(claim.payload).data);
    } catch (err) {
      if (!(err instanceof PermanentError)) throw err;
      await this.records.submit({ delivery: claim, result: this.result({ kind: 'failed', error: err.message }, 'failed', null, startedAt, startedAt) });
      return;
    }
    if (!signal) {
      const error = claim.payload === null ? 'signal gone, archived or unscored' : 'stored payload is not a valid signal';
      await this.records.submit({ delivery: claim, result: this.result({ kind: 'failed', error }, 'failed', null, startedAt, startedAt) });
      return;
    }
    // Committed before the request is written: a crash before this line leaves a claim that was
    // never sent (sent again after the lease), after it an outcome nobody knows.
    await this.starts.submit(claim.id);
    const outcome = await this.send(destination, { kind: 'alert', signal, messageId: `msg_${claim.id}` });
    const finishedAt = this.deps.now();
    let status: AttemptResult['status'] = 'failed';
    let nextAttemptAt: Date | null = null;
    switch (outcome.kind) {
      case 'sent':
        status = 'sent';
        alertLatency.observe({ channel: destination.channel.kind }, Math.max(0, finishedAt.getTime() - Date.parse(signal.postedAt)) / 1000);
        break;
      case 'retry': {
        const delay = outcome.retryAfterMs ?? nextRetryDelayMs(destination.channel.kind, claim.attempts, this.random);
        if (delay !== null) {
          status = 'pending';
          nextAttemptAt = new Date(finishedAt.getTime() + delay);
        }
        break;
      }
      case 'failed':
      case 'unconfirmed':
      case 'disable':
        break;
    }
    // Disable first: once the delivery reads 'failed', the destination already shows why.
    if (outcome.kind === 'disable') await this.disable(destination.id, outcome.error);
    await this.records.submit({ delivery: claim, result: this.result(outcome, status, nextAttemptAt, startedAt, finishedAt) });
    if (outcome.kind !== 'sent') {
      this.deps.logger.warn({ deliveryId: claim.id, destinationId: destination.id, attempt: claim.attempts, outcome: outcome.kind, error: outcome.error, nextAttemptAt }, 'delivery attempt failed');
    }
  }

  /** A retried row claimed at insert stored no payload: its alert is rendered from the stored signal. */
  private storedSignal(claim: ClaimedDelivery): Promise<AlertSignal | undefined> {
    return loadAlertSignal(this.deps.pool, claim.workspace_id, claim.signal_id);
  }

  private async send(destination: Destination, item: Deliverable): Promise<SendOutcome> {
    const timer = sendSeconds.startTimer({ channel: destination.channel.kind });
    const outcome = await sendToDestination(this.deps.channels, destination, item);
    timer();
    attemptsTotal.inc({ channel: destination.channel.kind, outcome: outcome.kind });
    return outcome;
  }

  private result(outcome: SendOutcome, status: AttemptResult['status'], nextAttemptAt: Date | null, startedAt: Date, finishedAt: Date): AttemptResult {
    return {
      ok: outcome.kind === 'sent',
      ...(outcome.httpStatus === undefined ? {} : { httpStatus: outcome.httpStatus }),
      ...(outcome.kind === 'sent' ? {} : { error: outcome.error }),
      startedAt,
      finishedAt,
      status,
      nextAttemptAt,
    };
  }

  /**
   * Enabled destinations of a workspace, cached for a couple of seconds: at hundreds of signals per
   * second the same workspace is looked up again and again. A settings change applies within the TTL.
   */
  private async workspaceDestinations(workspaceId: string, now: Date): Promise<Destination[]> {
    const hit = this.destinationCache.get(workspaceId);
    if (hit && hit.until > now.getTime()) return hit.destinations;
    // Concurrent signals of one workspace share one lookup (a cold cache at 200/s would send dozens).
    const destinations = (async () => this.parseAll(await this.destinationLookups.submit(workspaceId)))();
    const entry = { destinations, until: now.getTime() + DESTINATION_CACHE_MS };
    this.destinationCache.set(workspaceId, entry);
    destinations.catch(() => {
      if (this.destinationCache.get(workspaceId) === entry) this.destinationCache.delete(workspaceId);
    });
    return destinations;
  }

  private async disable(destinationId: string, reason: string): Promise<void> {
    this.destinationCache.clear();
    await disableDestination(this.deps.pool, destinationId, reason, this.deps.now());
    this.deps.logger.warn({ destinationId, reason }, 'destination disabled');
  }

  private async parseAll(rows: readonly DestinationRow[]): Promise<Destination[]> {
    const out: Destination[] = [];
    for (const row of rows) {
      try {
        out.push(parseDestination(row));
      } catch (err) {
        if (!(err instanceof DestinationConfigError)) throw err;
        await this.disable(row.id, err.message);
      }
    }
    return out;
  }
}
