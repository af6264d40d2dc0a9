import { randomUUID } from 'node:crypto';
import type { EventOf, EventType } from '@intent-radar/proto-schemas';
import { BusError, InvalidEventError, UnknownEventTypeError } from './errors.ts';
import { checkEnvelope, isEventType, subjectPattern, type EventInput } from './envelope-validation.ts';
import type { BusMetrics } from './metrics.ts';
import type { Namespace } from './namespace.ts';
import { Semaphore } from './semaphore.ts';
import { subjectMatches } from './topology.ts';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { PublishAcks } from './publish-acks.ts';
import { PublishHeaders } from './publish-headers.ts';
import { childTraceContext, formatTraceparent, parseTraceparent, startSpanUnder, tracingEnabled } from './trace-context.ts';

export interface PublishOptions {
  /** Deterministic id (see proto-schemas `msgIds`); the stream drops repeats inside its duplicate window. */
  msgId: string;
  /** Incoming traceparent to continue; a new trace is started when absent or invalid. */
  traceparent?: string | undefined;
  /** How long to wait for the stream's ack. Milliseconds. */
  timeoutMs?: number;
}

export interface PublishResult {
  stream: string;
  seq: number;
  /** True when the stream already had this msg id (nothing new was stored). */
  duplicate: boolean;
  eventId: string;
  traceparent: string;
}

/** One item of `publishMany`. */
export interface PublishRequest<T extends EventType = EventType> extends PublishOptions {
  type: T;
  subject: string;
  data: EventInput<T>;
}

interface PreparedMessage {
  type: EventType;
  subject: string;
  payload: Uint8Array;
  msgId: string;
  /** The caller's traceparent; the message carries the publish span's own (a child of it). */
  parentTraceparent: string | undefined;
  eventId: string;
  timeoutMs: number | undefined;
}

/** Validates events against the catalog and publishes them with a bounded number awaiting acks. */
export class Publisher {
  readonly #inFlight: Semaphore;

  constructor(
    private readonly acks: PublishAcks,
    private readonly ns: Namespace,
    private readonly source: string,
    maxInFlight: number,
    private readonly metrics: BusMetrics | undefined,
  ) {
    this.#inFlight = new Semaphore(maxInFlight);
  }

  /** Publishes one event; throws InvalidEventError (nothing sent) when the data fails its schema. */
  async publish<T extends EventType>(type: T, subject: string, data: EventInput<T>, opts: PublishOptions): Promise<PublishResult> {
    return this.#send(this.#prepare({ type, subject, data, ...opts }));
  }

  /** Validates every item first (nothing is sent if one is invalid), then publishes under the same bound. */
  async publishMany(items: readonly PublishRequest[]): Promise<PublishResult[]> {
    const prepared = items.map((item) => this.#prepare(item));
    return Promise.all(prepared.map((m) => this.#send(m)));
  }

  #prepare<T extends EventType>(req: PublishRequest<T>): PreparedMessage {
    const { type } = req;
    if (!isEventType(type)) throw new UnknownEventTypeError(type);
    if (typeof req.msgId !== 'string' || req.msgId.length === 0 || req.msgId.length > 1000 || /[\r\n]/.test(req.msgId)) {
      throw new BusError('BUS_INVALID_MSG_ID', `msgId must be 1-1000 characters without line breaks, got ${JSON.stringify(req.msgId)}`);
    }
    // A consumer filtering on the catalog subject would never see an event sent elsewhere.
    if (!subjectMatches(subjectPattern(type), req.subject)) {
      throw new BusError('BUS_WRONG_SUBJECT', `${type} must be published on ${subjectPattern(type)}, not ${req.subject}`);
    }
    const subject = this.ns.subject(req.subject);
    const candidate = { id: randomUUID(), type, occurredAt: new Date().toISOString(), source: this.source, data: req.data };
    const check = checkEnvelope(type, candidate);
    if (!check.ok) throw new InvalidEventError(type, check.issues);
    const event: EventOf<T> = check.event;
    return {
      type,
      subject,
      // Buffer.from takes small payloads from Node's pool; TextEncoder allocated an ArrayBuffer each.
      payload: Buffer.from(JSON.stringify(event)),
      msgId: req.msgId,
      parentTraceparent: req.traceparent,
      eventId: event.id,
      timeoutMs: req.timeoutMs,
    };
  }

  async #send(m: PreparedMessage): Promise<PublishResult> {
    const incoming = parseTraceparent(m.parentTraceparent);
    const traced = tracingEnabled()
      ? startSpanUnder(incoming, `publish ${m.type}`, {
          kind: SpanKind.PRODUCER,
          attributes: { 'messaging.system': 'nats', 'messaging.destination.name': m.subject, 'messaging.message.id': m.eventId },
        })
      : undefined;
    const traceparent = formatTraceparent(traced ? traced.traceContext : childTraceContext(incoming));
    const span = traced?.span;
    const h = new PublishHeaders(traceparent, m.type, m.msgId);
    await this.#inFlight.acquire();
    try {
      const ack = await this.acks.publish(m.subject, m.payload, h, m.timeoutMs);
      this.metrics?.published?.({ type: m.type, stream: ack.stream }, ack.duplicate);
      span?.setAttribute('messaging.nats.duplicate', ack.duplicate);
      return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate, eventId: m.eventId, traceparent };
    } catch (err) {
      span?.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      this.#inFlight.release();
      span?.end();
    }
  }
}
