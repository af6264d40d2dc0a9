import { catalog, headers as headerNames, streams, type EventData } from '@intent-radar/proto-schemas';
import { JetStreamApiError } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { option, requirePositional, type CliArgs } from './cli-args.ts';
import type { CliContext } from './cli-context.ts';

export class DeadLetterError extends Error {
  constructor(
    readonly code: 'DEAD_LETTER_NOT_FOUND' | 'DEAD_LETTER_TRUNCATED' | 'DEAD_LETTER_INVALID',
    message: string,
  ) {
    super(message);
  }
}

/** Header naming the DEADLETTER message a replay came from (for tracing and operator audits). */
export const REPLAYED_FROM_HEADER = headerNames.replayedFrom;
/** Header naming the durable that dead-lettered the original: every other consumer of the subject skips the replay. */
export const REPLAY_FOR_HEADER = headerNames.replayFor;

// Set by the server or by the original publish; a replay must not inherit them.
const DROPPED_HEADERS = new Set([headerNames.msgId.toLowerCase(), 'nats-expected-stream', 'nats-expected-last-sequence', 'nats-expected-last-msg-id', 'nats-expected-last-subject-sequence']);

interface StoredDeadLetter {
  seq: number;
  time: string;
  data: EventData<'deadletter.v1'>;
}

async function readDeadLetter(ctx: CliContext, seq: number): Promise<StoredDeadLetter> {
  const bus = await ctx.bus();
  let stored;
  try {
    stored = await bus.jsm.streams.getMessage(bus.namespace.stream(streams.deadLetter), { seq });
  } catch (err) {
    if (err instanceof JetStreamApiError && err.status === 404) throw new DeadLetterError('DEAD_LETTER_NOT_FOUND', `no dead letter at sequence ${seq}`);
    throw err;
  }
  if (!stored) throw new DeadLetterError('DEAD_LETTER_NOT_FOUND', `no dead letter at sequence ${seq}`);
  const parsed = catalog['deadletter.v1'].schema.safeParse(stored.json());
  if (!parsed.success) throw new DeadLetterError('DEAD_LETTER_INVALID', `sequence ${seq} is not a deadletter.v1 event`);
  return { seq: stored.seq, time: stored.time.toISOString(), data: parsed.data.data };
}

/** `radar dlq list [--service S] [--limit N]`: one JSON line per dead letter, oldest first. */
export async function dlqList(ctx: CliContext, args: CliArgs): Promise<void> {
  const bus = await ctx.bus();
  const service = option(args, 'service');
  const limit = Number(option(args, 'limit') ?? '100');
  const info = await bus.jsm.streams.info(bus.namespace.stream(streams.deadLetter));
  let shown = 0;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && shown < limit; seq++) {
    let dl: StoredDeadLetter;
    try {
      dl = await readDeadLetter(ctx, seq);
    } catch (err) {
      if (err instanceof DeadLetterError && err.code === 'DEAD_LETTER_NOT_FOUND') continue; // deleted (replayed)
      throw err;
    }
    if (service && dl.data.service !== service) continue;
    shown++;
    const { payloadBase64: _payload, headers: _headers, ...summary } = dl.data;
    ctx.out(JSON.stringify({ seq: dl.seq, ...summary, reason: summary.reason.slice(0, 200) }));
  }
  ctx.err.write(`${shown} dead letter(s) shown of ${info.state.messages} stored\n`);
}

/** `radar dlq inspect <seq>`: the dead letter with its original headers and decoded payload. */
export async function dlqInspect(ctx: CliContext, args: CliArgs): Promise<void> {
  const dl = await readDeadLetter(ctx, sequence(args));
  const bytes = Buffer.from(dl.data.payloadBase64, 'base64');
  let payload: unknown;
  try {
    payload = JSON.parse(bytes.toString('utf8'));
  } catch {
    payload = { notJson: bytes.toString('utf8').slice(0, 2000) };
  }
  const { payloadBase64: _payload, ...rest } = dl.data;
  ctx.out(JSON.stringify({ seq: dl.seq, storedAt: dl.time, ...rest, payloadBytes: bytes.length, payload }, null, 2));
}

/**
 * `radar dlq replay <seq>`: republishes the original bytes and headers to the original subject,
 * addressed (REPLAY_FOR_HEADER) to the durable that dead-lettered it so that the subject's other
 * consumers, which handled the original, skip it; then deletes the dead letter. The republish carries a msg id derived from the original stream
 * sequence, so a replay that is retried after a crash between the two steps is deduplicated by
 * the stream instead of processed twice.
 */
export async function dlqReplay(ctx: CliContext, args: CliArgs): Promise<void> {
  const seq = sequence(args);
  const bus = await ctx.bus();
  const dl = await readDeadLetter(ctx, seq);
  if (dl.data.reason.includes('(payload truncated')) {
    throw new DeadLetterError('DEAD_LETTER_TRUNCATED', `dead letter ${seq} holds a truncated payload; it cannot be replayed`);
  }
  const h = natsHeaders();
  for (const [key, values] of Object.entries(dl.data.headers)) {
    if (DROPPED_HEADERS.has(key.toLowerCase())) continue;
    for (const v of values) h.append(key, v);
  }
  const deadLetterStream = bus.namespace.stream(streams.deadLetter);
  h.set(REPLAYED_FROM_HEADER, `${streams.deadLetter}:${seq}`);
  h.set(REPLAY_FOR_HEADER, dl.data.consumer);
  const ack = await bus.js.publish(bus.namespace.subject(dl.data.subject), Buffer.from(dl.data.payloadBase64, 'base64'), {
    headers: h,
    msgID: `replay:${dl.data.stream}:${dl.data.consumer}:${dl.data.streamSeq}`,
  });
  await bus.jsm.streams.deleteMessage(deadLetterStream, seq, false);
  ctx.out(JSON.stringify({ replayed: seq, subject: dl.data.subject, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate }));
}

function sequence(args: CliArgs): number {
  const raw = requirePositional(args, 0, '<seq> (from `radar dlq list`)');
  const seq = Number(raw);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new DeadLetterError('DEAD_LETTER_NOT_FOUND', `"${raw}" is not a sequence number`);
  return seq;
}
