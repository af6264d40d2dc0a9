import { subjects } from '@intent-radar/proto-schemas';
import type { JsMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { Bus } from './bus.ts';
import type { PublishResult } from './publisher.ts';

/** Keeps a dead letter under NATS' default 1 MB max payload after base64 (+33%). */
const MAX_PAYLOAD_BYTES = 512 * 1024;
const MAX_REASON = 5_000;

export interface DeadLetterInput {
  service: string;
  durable: string;
  msg: JsMsg;
  /** Stable code: `invalid_json`, `schema_invalid`, a PermanentError code, `retries_exhausted`... */
  errorCode: string;
  reason: string;
  traceparent?: string | undefined;
}

/** Publishes a `deadletter.v1` copy of a failed message to `dlq.<service>`. */
export function publishDeadLetter(bus: Bus, input: DeadLetterInput): Promise<PublishResult> {
  const { msg } = input;
  const info = msg.info;
  const truncated = msg.data.length > MAX_PAYLOAD_BYTES;
  let reason = truncated ? `${input.reason} (payload truncated from ${msg.data.length} bytes)` : input.reason;
  if (reason.length > MAX_REASON) reason = `${reason.slice(0, MAX_REASON - 3)}...`;
  return bus.publish(
    'deadletter.v1',
    subjects.deadLetter(input.service),
    {
      service: input.service,
      consumer: input.durable,
      stream: info.stream,
      subject: bus.namespace.logicalSubject(msg.subject),
      streamSeq: info.streamSequence,
      deliveryCount: info.deliveryCount,
      errorCode: input.errorCode.slice(0, 100),
      reason,
      headers: headersRecord(msg.headers),
      payloadBase64: Buffer.from(truncated ? msg.data.subarray(0, MAX_PAYLOAD_BYTES) : msg.data).toString('base64'),
      failedAt: new Date().toISOString(),
    },
    // One dead letter per stored message, even if the term is lost and it fails again.
    { msgId: `dlq:${info.stream}:${input.durable}:${info.streamSequence}`, traceparent: input.traceparent },
  );
}

/** Message headers as a plain record (the dead-letter schema's shape). */
export function headersRecord(h: MsgHdrs | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.values(key);
  return out;
}
