import type { Logger } from '@intent-radar/logger';
import { headers as proto, type EventOf, type EventType } from '@intent-radar/proto-schemas';
import type { JsMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { Bus } from './bus.ts';
import { publishDeadLetter } from './dead-letter.ts';
import { ensureDurableConsumer } from './durable-consumer.ts';
import { checkEnvelope, isEventType } from './envelope-validation.ts';
import { PermanentError } from './errors.ts';
import type { BusMetrics, ConsumerLabels, MessageOutcome } from './metrics.ts';
import { assertRetryPolicy, defaultRetryPolicy, redeliveryDelayMs, type RetryPolicy } from './retry-policy.ts';
import { Semaphore } from './semaphore.ts';
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { coalesceWrite, flushCoalescedWrites } from './coalesced-writes.ts';
import { childTraceContext, formatTraceparent, parseTraceparent, startSpanUnder, tracingEnabled, type TraceContext } from './trace-context.ts';
import { gatedLogger } from './gated-logger.ts';

/** What a handler gets next to the event. */
export interface MessageContext {
  /** Logical subject (namespace removed). */
  subject: string;
  /** 1 on first delivery. */
  deliveryCount: number;
  streamSeq: number;
  headers: MsgHdrs | undefined;
  /** The incoming traceparent (or a new one); pass it to `bus.publish` to continue the trace. */
  traceparent: string;
  /** Child logger with traceId, eventId and subject. */
  logger: Logger;
  /** Tells the server the handler is still busy (resets ack_wait). Also sent automatically. */
  working(): void;
  /** Aborted when shutdown gave up waiting: the message is being returned to the stream. */
  signal: AbortSignal;
}

export type MessageHandler<T extends EventType> = (event: EventOf<T>, ctx: MessageContext) => Promise<void>;

export interface RunConsumerOptions<T extends EventType> {
  bus: Bus;
  /** The consuming service; dead letters go to `dlq.<service>`. */
  service: string;
  /** Logical stream name (proto-schemas `streams`). */
  stream: string;
  /** Durable name (proto-schemas `consumers`); replicas share it and split the messages. */
  durable: string;
  /** Logical subject filter, e.g. `posts.raw.>` (one subject: servers before 2.10 allow no more). */
  filterSubject: string;
  /** Event type(s) accepted; anything else is dead-lettered. */
  eventType: T | readonly T[];
  /** Handlers running at once in this process. */
  concurrency?: number;
  retry?: RetryPolicy;
  /** Unacked messages across all replicas (server-side). Defaults to 1000. */
  maxAckPending?: number;
  /** How long stop() waits for in-flight handlers before returning their messages. Milliseconds. */
  shutdownGraceMs?: number;
  /**
   * How long one pull waits for messages (min 1000). stop() takes up to this long when idle.
   * Milliseconds.
   */
  pullExpiresMs?: number;
  /** Overrides the bus's metrics hooks for this consumer. */
  metrics?: BusMetrics;
  handler: MessageHandler<T>;
}

/** A running consumer. */
export interface ConsumerHandle {
  /** Stops fetching, waits for in-flight handlers (up to the grace), naks the rest. */
  stop(): Promise<void>;
  /** Handlers running right now. */
  inFlight(): number;
}

type Decoded<T extends EventType> =
  | { ok: true; event: EventOf<T> }
  | { ok: false; code: 'invalid_json' | 'schema_invalid' | 'unexpected_event_type'; reason: string };

/**
 * One message being handled, with what its settle, dead letter and log lines need: the runner's
 * functions take it as an argument instead of being closures made per message (four named
 * closures a message, each also given its name by tsx's keepNames: ~1% of a hop's CPU).
 */
interface InFlight {
  msg: JsMsg;
  /** performance.now() of the delivery. */
  readonly startedAt: number;
  /** performance.now() of the delivery, then of the last working() sent. */
  lastBeatAt: number;
  settled: boolean;
  released: boolean;
  /** Made when a handler first reads ctx.signal (most never do; one per message was ~3% of the CPU). */
  abort: AbortController | undefined;
  /** Set first thing in handle(): the trace its log lines and publishes belong to. */
  traceContext: TraceContext | undefined;
  span: Span | undefined;
  /** The decoded event's ids, bound into its log lines once known. */
  event: { readonly id: string; readonly type: string } | undefined;
  /**
   * Built on first use: most messages log nothing, and pino's child() serializes its bindings at
   * once (~3% of the bus's CPU per message when built eagerly).
   */
  childLog: Logger | undefined;
}

/** What a handler gets: fields, and methods on the prototype (no closures per message). */
class HandlerContext implements MessageContext {
  readonly #entry: InFlight;
  readonly #beat: (entry: InFlight, now: number) => void;

  constructor(
    readonly subject: string,
    readonly deliveryCount: number,
    readonly streamSeq: number,
    readonly headers: MsgHdrs | undefined,
    readonly traceparent: string,
    readonly logger: Logger,
    entry: InFlight,
    beat: (entry: InFlight, now: number) => void,
  ) {
    this.#entry = entry;
    this.#beat = beat;
  }

  working(): void {
    this.#beat(this.#entry, performance.now());
  }

  get signal(): AbortSignal {
    return (this.#entry.abort ??= new AbortController()).signal;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Creates (or updates) the durable pull consumer and processes its messages until stop(). */
export async function runConsumer<T extends EventType>(opts: RunConsumerOptions<T>): Promise<ConsumerHandle> {
  const { bus, service, durable, handler } = opts;
  const retry = opts.retry ?? defaultRetryPolicy;
  assertRetryPolicy(retry);
  const concurrency = opts.concurrency ?? 1;
  const graceMs = opts.shutdownGraceMs ?? 10_000;
  const pullExpiresMs = Math.max(1_000, opts.pullExpiresMs ?? 5_000);
  const accepted = new Set<string>(Array.isArray(opts.eventType) ? opts.eventType : [opts.eventType as T]);
  for (const t of accepted) if (!isEventType(t)) throw new RangeError(`unknown event type ${t}`);
  const stream = bus.namespace.stream(opts.stream);
  const labels: ConsumerLabels = { service, stream: opts.stream, durable };
  const logger = bus.logger.child({ consumer: durable, stream: opts.stream });
  const metrics = opts.metrics ?? bus.metrics;

  await ensureDurableConsumer(
    bus.jsm,
    { stream, durable, filterSubject: bus.namespace.subject(opts.filterSubject), retry, maxAckPending: opts.maxAckPending ?? 1_000 },
    logger,
  );
  const consumer = await bus.js.consumers.get(stream, durable);

  const slots = new Semaphore(concurrency);
  const inFlight = new Set<InFlight>();
  let onIdle: (() => void) | undefined;
  let stopping = false;
  let wakeLoop: (() => void) | undefined;

  const decode = (m: JsMsg): Decoded<T> => {
    let raw: unknown;
    try {
      raw = JSON.parse(decoder.decode(m.data));
    } catch (err) {
      return { ok: false, code: 'invalid_json', reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
    }
    const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String(raw.type) : undefined;
    if (type === undefined || !accepted.has(type) || !isEventType(type)) {
      return { ok: false, code: 'unexpected_event_type', reason: `event type ${JSON.stringify(type)} is not one of ${[...accepted].join(', ')}` };
    }
    const check = checkEnvelope(type, raw);
    if (!check.ok) return { ok: false, code: 'schema_invalid', reason: check.issues };
    return { ok: true, event: check.event as EventOf<T> };
  };

  /** The message's child logger: traceId, subject, streamSeq and, once decoded, the event's ids. */
  const logOf = (entry: InFlight): Logger =>
    (entry.childLog ??= logger.child({
      traceId: entry.traceContext?.traceId,
      subject: entry.msg.subject,
      streamSeq: entry.msg.info.streamSequence,
      ...(entry.event && { eventId: entry.event.id, eventType: entry.event.type }),
    }));
  const settle = (entry: InFlight, outcome: MessageOutcome, action: () => void): boolean => {
    if (entry.settled) return false;
    entry.settled = true;
    const { span } = entry;
    if (span) {
      span.setAttribute('messaging.outcome', outcome);
      if (outcome !== 'ack' && outcome !== 'skipped') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    }
    coalesceWrite(() => protocolSafe(action, () => logOf(entry)));
    metrics?.messageSettled?.(labels, outcome, performance.now() - entry.startedAt);
    return true;
  };
  const deadLetter = async (entry: InFlight, traceparent: string, errorCode: string, reason: string): Promise<void> => {
    if (entry.settled) return;
    const { msg } = entry;
    const deliveryCount = msg.info.deliveryCount;
    try {
      await publishDeadLetter(bus, { service, durable, msg, errorCode, reason, traceparent });
    } catch (err) {
      // Terminating without a copy would lose the message: retry it instead.
      logOf(entry).error({ err, errorCode }, 'dead-letter publish failed; message will be redelivered');
      settle(entry, 'retry', () => msg.nak(redeliveryDelayMs(retry, deliveryCount)));
      return;
    }
    // term() without a reason: servers before 2.10 do not parse one; the reason is in the dead letter.
    if (settle(entry, 'dead_letter', () => msg.term())) {
      metrics?.deadLettered?.(labels, errorCode);
      logOf(entry).warn({ errorCode, reason, deliveryCount }, 'message dead-lettered');
    }
  };

  const handle = async (entry: InFlight): Promise<void> => {
    const { msg } = entry;
    const deliveryCount = msg.info.deliveryCount;
    const incoming = parseTraceparent(msg.headers?.get(proto.traceparent));
    // With tracing off there is no span: publishes from the handler continue the incoming trace
    // with a new span id. With tracing on they carry this consumer span as their parent.
    const traced = tracingEnabled()
      ? startSpanUnder(incoming, `process ${durable}`, {
          kind: SpanKind.CONSUMER,
          attributes: { 'messaging.system': 'nats', 'messaging.destination.name': msg.subject, 'messaging.consumer.group.name': durable },
        })
      : undefined;
    const traceContext = traced ? traced.traceContext : childTraceContext(incoming);
    entry.traceContext = traceContext;
    entry.span = traced?.span;
    const traceparent = formatTraceparent(traceContext);

    try {
      metrics?.messageReceived?.(labels);
      // A `radar dlq replay` goes back to the original subject; only the durable that dead-lettered it must see it again.
      const replayFor = msg.headers?.get(proto.replayFor);
      if (replayFor && replayFor !== durable) {
        if (settle(entry, 'skipped', () => msg.ack())) logOf(entry).debug({ replayFor }, 'replay meant for another consumer; skipped');
        return;
      }
      const decoded = decode(msg);
      if (!decoded.ok) return await deadLetter(entry, traceparent, decoded.code, decoded.reason);
      const decodedEvent = decoded.event;
      entry.event = decodedEvent;
      entry.childLog = undefined; // rebuilt with the event's ids
      if (deliveryCount > retry.maxDeliver) {
        // Reached when a process died during the last allowed attempt, or its dead-letter publish
        // failed (NATS restarting): the server's delivery count is unlimited, so it comes back here.
        return await deadLetter(entry, traceparent, 'retries_exhausted', `delivered ${deliveryCount} times; the last allowed attempt did not settle`);
      }
      const ctx = new HandlerContext(
        bus.namespace.logicalSubject(msg.subject),
        deliveryCount,
        msg.info.streamSequence,
        msg.headers,
        traceparent,
        // Level-gated: a disabled line (a handler's per-message debug) builds no child logger.
        gatedLogger(logger, () => logOf(entry)),
        entry,
        beat,
      );
      try {
        await (traced ? context.with(trace.setSpan(traced.parent, traced.span), () => handler(decodedEvent, ctx)) : handler(decodedEvent, ctx));
      } catch (err) {
        if (err instanceof PermanentError) return await deadLetter(entry, traceparent, err.code, err.reason);
        const reason = err instanceof Error ? err.message : String(err);
        if (deliveryCount >= retry.maxDeliver) return await deadLetter(entry, traceparent, 'retries_exhausted', reason);
        const delay = redeliveryDelayMs(retry, deliveryCount);
        settle(entry, 'retry', () => msg.nak(delay));
        logOf(entry).warn({ err, deliveryCount, retryInMs: delay }, 'handler failed; will retry');
        return;
      }
      // A plain ack, not ackAck: a confirmed ack was a request/reply per message (an inbox, a
      // timer and two Error objects for their stacks: ~7% of the bus's CPU per message) and it
      // bought only a log line. An ack that never reaches the server (connection lost, kill -9
      // before the socket flush) means a redelivery after ack_wait, which every handler already
      // survives (idempotent effects); stop() and close() flush the coalesced writes, so a clean
      // stop sends every ack.
      settle(entry, 'ack', () => msg.ack());
    } catch (err) {
      logOf(entry).error({ err }, 'unexpected consumer error; returning message');
      settle(entry, 'retry', () => msg.nak(redeliveryDelayMs(retry, deliveryCount)));
    } finally {
      entry.span?.end();
      inFlight.delete(entry);
      release(entry);
      if (inFlight.size === 0) onIdle?.();
    }
  };

  // The server redelivers after ack_wait unless told the handler is still busy. One timer for all
  // in-flight messages (a setInterval per message before): it ticks every beatEveryMs and beats
  // each message not heard of for beatEveryMs, so no message goes 2 x beatEveryMs (half of
  // ack_wait, as before) without a working().
  const beatEveryMs = Math.max(250, Math.floor(retry.ackWaitMs / 4));
  const beat = (entry: InFlight, now: number): void => {
    if (entry.settled) return;
    entry.lastBeatAt = now;
    protocolSafe(() => entry.msg.working(), logger);
  };
  const heartbeat = setInterval(() => {
    const now = performance.now();
    for (const entry of inFlight) if (now - entry.lastBeatAt >= beatEveryMs) beat(entry, now);
  }, beatEveryMs);
  heartbeat.unref();

  const release = (entry: InFlight) => {
    if (entry.released) return;
    entry.released = true;
    slots.release();
  };

  // Pull only as many messages as there are free handler slots, so nothing waits in a client
  // buffer while its ack_wait runs. An open pull is never cancelled (stop() lets it expire): a
  // cancelled pull can still receive messages from the server into a dead inbox.
  // Under load, a pull waits until half of the slots are free: pulling the moment one slot frees
  // meant one pull request (nats.js fetch: a new inbox subscription, timers, a socket write) per
  // message; a quarter still left fetch at ~5% of the CPU per message at concurrency 16.
  const minPull = Math.max(1, Math.ceil(concurrency / 2));
  // Work given back while stopping waits until this process's open pull has expired: a plain nak
  // is redelivered at once into that same pull, nak-ed again, and so on until the pull is full -
  // each bounce a delivery, so a graceful restart dead-lettered messages as retries_exhausted
  // (7-10 deliveries) before any handler saw them (full chaos, 2026-11-27).
  const returnDelayMs = pullExpiresMs;
  const loop = async (): Promise<void> => {
    while (!stopping) {
      try {
        await slots.whenAvailable(minPull);
        const free = slots.available;
        if (stopping) break;
        const batch = await consumer.fetch({ max_messages: free, expires: pullExpiresMs });
        for await (const msg of batch) {
          if (stopping) {
            protocolSafe(() => msg.nak(returnDelayMs), logger);
            continue;
          }
          await slots.acquire();
          if (stopping) {
            slots.release();
            protocolSafe(() => msg.nak(returnDelayMs), logger);
            continue;
          }
          const now = performance.now();
          const entry: InFlight = {
            msg,
            startedAt: now,
            lastBeatAt: now,
            settled: false,
            released: false,
            abort: undefined,
            traceContext: undefined,
            span: undefined,
            event: undefined,
            childLog: undefined,
          };
          inFlight.add(entry);
          void handle(entry);
        }
      } catch (err) {
        if (stopping) break;
        if (bus.nc.isClosed()) {
          // Closed for good (close() or a fatal error): the client will not reconnect, so stop pulling.
          logger.error({ err }, 'NATS connection closed; consumer stopped pulling');
          break;
        }
        logger.error({ err }, 'pull failed; retrying');
        await new Promise<void>((resolve) => {
          wakeLoop = resolve;
          setTimeout(resolve, 1_000);
        });
      }
    }
  };
  const loopDone = loop();

  return {
    inFlight: () => inFlight.size,
    async stop() {
      if (stopping) return loopDone;
      stopping = true;
      wakeLoop?.();
      // Acks of handlers already done go out before anything is returned.
      flushCoalescedWrites();
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          onIdle = resolve;
          timer = setTimeout(resolve, graceMs);
        });
        clearTimeout(timer);
      }
      for (const entry of inFlight) {
        // Give the work back: another replica (or the next start) picks it up once the open pull is gone.
        if (!entry.settled) {
          entry.settled = true;
          protocolSafe(() => entry.msg.nak(returnDelayMs), logger);
          metrics?.messageSettled?.(labels, 'returned', 0);
        }
        (entry.abort ??= new AbortController()).abort(new Error('consumer stopping'));
        release(entry);
      }
      clearInterval(heartbeat);
      if (inFlight.size > 0) logger.warn({ returned: inFlight.size }, 'stop grace elapsed; in-flight messages returned to the stream');
      // The open pull ends within pullExpiresMs; whatever it still brings is returned (nak).
      await loopDone;
      flushCoalescedWrites();
    },
  };
}

/**
 * ack/nak/working throw when the connection is closed. The server then redelivers after ack_wait,
 * so nothing is lost and the runner must not crash.
 */
function protocolSafe(action: () => void, logger: Logger | (() => Logger)): void {
  try {
    action();
  } catch (err) {
    (typeof logger === 'function' ? logger() : logger).warn({ err }, 'could not send ack/nak/working; the server will redeliver after ack_wait');
  }
}
