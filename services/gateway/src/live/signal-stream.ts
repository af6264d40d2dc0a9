import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import type { Bus } from '@intent-radar/bus';
import type { Logger } from '@intent-radar/logger';
import { streams, subjects } from '@intent-radar/proto-schemas';

/** One signals.> event for the live feed, with its stream sequence (the SSE id). */
export interface LiveEvent {
  seq: number;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

/**
 * Opens ephemeral ordered consumers on SIGNALS for SSE clients. Each client gets its own, so a
 * slow browser never holds back another; events of other workspaces are dropped here.
 */
export class SignalStream {
  private readonly live = new Set<ConsumerMessages>();

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
  ) {}

  /**
   * Events of one workspace from `afterSeq + 1` (resume), or only new ones when undefined. Resolves
   * once the consumer exists, so nothing published after it resolves is missed.
   */
  async open(workspaceId: string, afterSeq: number | undefined, signal: AbortSignal): Promise<AsyncGenerator<LiveEvent>> {
    const consumer = await this.bus.js.consumers.get(this.bus.namespace.stream(streams.signals), {
      filter_subjects: this.bus.namespace.subject(subjects.signalsAll),
      ...(afterSeq === undefined ? { deliver_policy: DeliverPolicy.New } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 }),
    });
    const messages = await consumer.consume();
    this.live.add(messages);
    return this.iterate(messages, workspaceId, signal);
  }

  private async *iterate(messages: ConsumerMessages, workspaceId: string, signal: AbortSignal): AsyncGenerator<LiveEvent> {
    const stop = () => void messages.close().catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const m of messages) {
        if (signal.aborted) break;
        let envelope: { type?: unknown; data?: { workspaceId?: unknown } & Record<string, unknown> };
        try {
          envelope = m.json();
        } catch {
          this.logger.warn({ seq: m.seq }, 'non-JSON message on signals stream');
          continue;
        }
        if (envelope.data?.workspaceId !== workspaceId) continue;
        yield { seq: m.seq, type: String(envelope.type), subject: this.bus.namespace.logicalSubject(m.subject), data: envelope.data };
      }
    } finally {
      signal.removeEventListener('abort', stop);
      this.live.delete(messages);
      await messages.close().catch(() => undefined);
    }
  }

  /** Ends every open stream (shutdown). */
  close(): void {
    for (const m of this.live) void m.close().catch(() => undefined);
    this.live.clear();
  }
}
