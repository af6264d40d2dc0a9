import { JetStreamApiError } from '@nats-io/jetstream';
import { createInbox, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { coalesceWrite } from './coalesced-writes.ts';
import { BusClosedError, BusError } from './errors.ts';

/** js.publish's default: how long a publish waits for the stream's ack. Milliseconds. */
const DEFAULT_ACK_TIMEOUT_MS = 5_000;
/** How often expired publishes are failed; a timeout fires up to this much late. Milliseconds. */
const SWEEP_EVERY_MS = 250;

interface Pending {
  resolve: (ack: StreamAck) => void;
  reject: (err: unknown) => void;
  /** performance.now() after which the publish fails with a timeout. */
  deadline: number;
  subject: string;
}

/** The stream's answer to a publish. */
export interface StreamAck {
  stream: string;
  seq: number;
  /** True when the stream already had this Nats-Msg-Id (nothing new was stored). */
  duplicate: boolean;
}

interface AckBody {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  error?: { code: number; err_code: number; description: string };
}

/**
 * JetStream publish with one reply subscription and one timeout sweep for every publish of a
 * connection. js.publish() is a request per message: a mux entry, a deferred, a setTimeout, a
 * Promise.race and, on every success, a RequestError built with its stack to reject the settled
 * promise again (RequestOne.cancel) - ~10% of the bus's CPU per message. The wire protocol is the
 * same: a PUB with a reply subject, answered by the stream with {stream, seq, duplicate} or
 * {error}, or by the server with a 503 status when no stream captures the subject.
 */
export class PublishAcks {
  readonly #pending = new Map<string, Pending>();
  readonly #inbox = `${createInbox()}.`;
  #nextToken = 0;
  #sub: Subscription | undefined;
  #sweep: NodeJS.Timeout | undefined;

  constructor(private readonly nc: NatsConnection) {}

  /**
   * Publishes `payload` with `headers` (Nats-Msg-Id included) together with the other writes of
   * this event-loop turn (coalesced-writes.ts) and resolves with the stream's ack.
   */
  publish(subject: string, payload: Uint8Array, headers: MsgHdrs, timeoutMs?: number): Promise<StreamAck> {
    return new Promise<StreamAck>((resolve, reject) => {
      const token = (this.#nextToken++).toString(36);
      const pending: Pending = { resolve, reject, deadline: performance.now() + (timeoutMs || DEFAULT_ACK_TIMEOUT_MS), subject };
      this.#pending.set(token, pending);
      coalesceWrite(() => this.#send(token, pending, payload, headers));
    });
  }

  #send(token: string, pending: Pending, payload: Uint8Array, headers: MsgHdrs): void {
    try {
      if (this.nc.isClosed()) throw new BusClosedError();
      this.#listen();
      this.nc.publish(pending.subject, payload, { reply: this.#inbox + token, headers });
    } catch (err) {
      this.#pending.delete(token);
      pending.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  #listen(): void {
    if (this.#sub) return;
    this.#sub = this.nc.subscribe(`${this.#inbox}*`, {
      callback: (err, msg) => {
        if (err) return this.#failAll(err);
        const token = msg.subject.slice(this.#inbox.length);
        const pending = this.#pending.get(token);
        if (!pending) return; // timed out already
        this.#pending.delete(token);
        if (msg.data.length === 0 && msg.headers?.code === 503) {
          return pending.reject(new BusError('BUS_NO_STREAM', `no stream captures ${pending.subject} (503 no responders)`));
        }
        try {
          const body = msg.json<AckBody>();
          if (body.error) return pending.reject(new JetStreamApiError(body.error));
          if (!body.stream) return pending.reject(new BusError('BUS_INVALID_ACK', `invalid publish ack for ${pending.subject}`));
          pending.resolve({ stream: body.stream, seq: body.seq ?? 0, duplicate: body.duplicate ?? false });
        } catch (parseErr) {
          pending.reject(parseErr);
        }
      },
    });
    void this.#sub.closed.then(() => this.#failAll(new BusClosedError()));
    this.#sweep = setInterval(() => this.#expire(performance.now()), SWEEP_EVERY_MS);
    this.#sweep.unref();
  }

  #expire(now: number): void {
    for (const [token, p] of this.#pending) {
      if (p.deadline > now) continue;
      this.#pending.delete(token);
      p.reject(new BusError('BUS_PUBLISH_TIMEOUT', `no ack from the stream for ${p.subject} in time`));
    }
  }

  #failAll(err: unknown): void {
    clearInterval(this.#sweep);
    this.#sub = undefined;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }
}
