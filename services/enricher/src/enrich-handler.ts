import type { Bus, MessageContext } from '@intent-radar/bus';
import type { Pool } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import { subjects, type EventData } from '@intent-radar/proto-schemas';
import { emailConfidenceOf, isReachable, statusOf, type ContactFields, type EnrichStatus } from './contact.ts';
import { loadSignalAuthor, readCachedContact, saveContact, upsertAuthor } from './contact-repository.ts';
import { confirmCharge, paidContact, refundCredit, reserveCredit } from './credits.ts';
import { runWaterfall, type Providers, type WaterfallResult } from './waterfall/waterfall.ts';

export interface EnrichPolicy {
  /** Charge only results with a reachable contact (otherwise: any complete run). */
  chargeOnlyReachable: boolean;
  /** How long a result is reused across workspaces. Milliseconds. */
  cacheTtlMs: number;
  allowDomainGuess: boolean;
}

export interface EnrichOutcome {
  status: EnrichStatus;
  charged: boolean;
  fromCache: boolean;
  calls: string[];
}

type Request = EventData<'enrich.requested.v1'>;

/**
 * Handles one enrich request: reserve a credit (atomically), reuse the author's cached result or
 * run the waterfall, then keep the charge or refund it, and publish signal.enriched. Provider
 * failures never throw out of here; database and bus errors do (the message is retried, and every
 * step is idempotent per request id).
 */
export class EnrichHandler {
  // Concurrent requests for one author in this process share one waterfall run.
  private readonly running = new Map<string, Promise<WaterfallResult>>();

  constructor(
    private readonly deps: { pool: Pool; bus: Bus; providers: Providers; policy: EnrichPolicy; logger: Logger },
  ) {}

  async handle(req: Request, ctx: Pick<MessageContext, 'traceparent' | 'working' | 'signal'> & { logger?: Logger }): Promise<EnrichOutcome> {
    const { pool, policy } = this.deps;
    // Ids only: names and emails never reach info-level logs.
    const log = (ctx.logger ?? this.deps.logger).child({ requestId: req.requestId, workspaceId: req.workspaceId, signalId: req.signalId });
    const found = await loadSignalAuthor(pool, req.workspaceId, req.signalId);
    if (!found) {
      await this.publish(req, ctx.traceparent, { status: 'failed', charged: false, fields: {}, reasons: ['signal_not_found: no such signal in this workspace'] });
      log.warn('enrich request for an unknown signal');
      return { status: 'failed', charged: false, fromCache: false, calls: [] };
    }
    const authorId = await upsertAuthor(pool, found.author);

    // Each workspace pays once per author; a redelivered request continues its own reservation.
    const existing = await paidContact(pool, req.workspaceId, authorId);
    let reserved = existing?.requestId === req.requestId && existing.creditsCharged > 0;
    if (!existing) {
      const r = await reserveCredit(pool, { workspaceId: req.workspaceId, authorId, requestId: req.requestId, signalId: req.signalId, requestedBy: req.requestedBy });
      if (r.kind === 'no_credits') {
        await this.publish(req, ctx.traceparent, {
          status: 'refused',
          charged: false,
          fields: {},
          reasons: ['no_credits: the workspace has no enrichment credits left; buy credits or upgrade the plan'],
        });
        log.info({ status: 'refused' }, 'enrichment refused: no credits');
        return { status: 'refused', charged: false, fromCache: false, calls: [] };
      }
      reserved = r.kind === 'reserved';
    }

    let fields: ContactFields;
    let reasons: string[] = [];
    let failures = 0;
    let calls: string[] = [];
    const cached = await readCachedContact(pool, authorId);
    const fromCache = cached?.fresh === true;
    if (cached?.fresh) {
      fields = cached.fields;
    } else {
      const result = await this.waterfallOnce(authorId, () =>
        runWaterfall(found.author, this.deps.providers, { allowDomainGuess: policy.allowDomainGuess, signal: ctx.signal, onProgress: () => ctx.working() }),
      );
      ({ fields, calls } = result);
      reasons = [...result.reasons];
      failures = result.failures.length;
      // A result shaped by an outage is kept for whoever paid but is stale at once: the next request retries the providers.
      await saveContact(pool, authorId, {
        status: statusOf(fields, failures),
        fields,
        emailConfidence: emailConfidenceOf(fields),
        ttlMs: failures > 0 ? 0 : policy.cacheTtlMs,
      });
    }
    const status = statusOf(fields, failures);

    let charged = false;
    if (reserved) {
      const chargeable = isReachable(fields) || (!policy.chargeOnlyReachable && failures === 0);
      if (chargeable) {
        await confirmCharge(pool, req.workspaceId, req.requestId, authorId);
        charged = true;
      } else {
        await refundCredit(pool, req.workspaceId, authorId, req.requestId);
        reasons.push(failures > 0 ? 'refunded: providers failed before a reachable contact was found' : 'not charged: no reachable contact found');
      }
    } else {
      reasons.push('already_paid: this workspace paid for this author before; not charged again');
    }

    await this.publish(req, ctx.traceparent, { status, charged, fields, reasons });
    log.info({ status, charged, fromCache, emailConfidence: emailConfidenceOf(fields), fieldCount: Object.keys(fields).length, calls, failures }, 'enrichment finished');
    return { status, charged, fromCache, calls };
  }

  private async waterfallOnce(authorId: string, run: () => Promise<WaterfallResult>): Promise<WaterfallResult> {
    const inFlight = this.running.get(authorId);
    if (inFlight) {
      // The other caller made the provider calls; this one made none.
      const shared = await inFlight;
      return { ...shared, calls: [] };
    }
    const p = run();
    this.running.set(authorId, p);
    try {
      return await p;
    } finally {
      this.running.delete(authorId);
    }
  }

  private async publish(req: Request, traceparent: string, out: { status: EnrichStatus; charged: boolean; fields: ContactFields; reasons: string[] }): Promise<void> {
    await this.deps.bus.publish(
      'signal.enriched.v1',
      subjects.signalEnriched,
      {
        requestId: req.requestId,
        workspaceId: req.workspaceId,
        signalId: req.signalId,
        status: out.status,
        charged: out.charged,
        fields: out.fields,
        emailConfidence: emailConfidenceOf(out.fields),
        reasons: out.reasons.slice(0, 20).map((r) => r.slice(0, 500)),
      },
      { msgId: `enriched:${req.requestId}`, traceparent },
    );
  }
}
