/**
 * How a consumer retries a failing message. Declared as data next to each consumer; the runner
 * turns it into the durable's `max_deliver`/`ack_wait` and into the delay of each `nak`.
 */
export interface RetryPolicy {
  /** Deliveries before the message is copied to the dead-letter stream and terminated. */
  maxDeliver: number;
  /** Delay before delivery n+1 after delivery n failed; the last value repeats. Milliseconds. */
  backoffMs: readonly number[];
  /** How long the server waits for an ack (or a `working()` ping) before redelivering. Milliseconds. */
  ackWaitMs: number;
}

/** Sensible default for a consumer that calls Postgres or a third-party API. */
export const defaultRetryPolicy: RetryPolicy = {
  maxDeliver: 5,
  backoffMs: [1_000, 5_000, 30_000, 120_000],
  ackWaitMs: 30_000,
};

/** The nak delay after the `deliveryCount`-th delivery (1-based) failed. */
export function redeliveryDelayMs(policy: Pick<RetryPolicy, 'backoffMs'>, deliveryCount: number): number {
  const { backoffMs } = policy;
  if (backoffMs.length === 0) return 0;
  const index = Math.min(Math.max(deliveryCount, 1), backoffMs.length) - 1;
  return backoffMs[index] ?? 0;
}

/** Throws on a policy the server would reject or that could never make progress. */
export function assertRetryPolicy(policy: RetryPolicy): void {
  const problems: string[] = [];
  if (!Number.isInteger(policy.maxDeliver) || policy.maxDeliver < 1) problems.push('maxDeliver must be an integer >= 1');
  if (!(policy.ackWaitMs >= 1_000)) problems.push('ackWaitMs must be >= 1000');
  if (policy.backoffMs.some((d) => !(d >= 0) || !Number.isFinite(d))) problems.push('backoffMs must be finite and >= 0');
  if (problems.length > 0) throw new RangeError(`invalid retry policy: ${problems.join('; ')}`);
}
