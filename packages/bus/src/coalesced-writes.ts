/**
 * The NATS client writes its outbound buffer to the socket in a microtask queued by the first
 * protocol command after the last write. Handlers that each publish or ack after their own awaits
 * therefore produced one socket write per command: writeBuffer was ~32% of the bus's CPU per
 * message (bench:pipeline:bus, 2026-11-27). Commands queued here during one event-loop turn are
 * issued together at the next setImmediate, so the client sends them as one write.
 * One queue for the process: publishes and acks of every connection share the same turn.
 */
let queue: Array<() => void> = [];
let scheduled = false;

/** Runs `send` (a publish, ack, nak or term; it must not throw) with the others of this turn. */
export function coalesceWrite(send: () => void): void {
  queue.push(send);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushCoalescedWrites);
  }
}

/** Issues everything queued now (consumer stop and bus close call it so no ack is left behind). */
export function flushCoalescedWrites(): void {
  const batch = queue;
  queue = [];
  scheduled = false;
  for (const send of batch) send();
}
