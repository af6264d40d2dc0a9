import type { Bus, EventInput, PublishOptions, PublishResult } from '@intent-radar/bus';
import { subjects, type Platform } from '@intent-radar/proto-schemas';

interface Queued {
  readonly platform: Platform;
  readonly data: EventInput<'post.scored.v1'>;
  readonly opts: PublishOptions;
  readonly resolve: (r: PublishResult) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Publishes post.scored.v1 events in bursts. The NATS client writes everything queued in one
 * microtask run as one socket write; handlers that each publish after their own awaits produced
 * one write (and one flush) per event, the largest cost on the consume->score->publish path.
 * Events handed over during one turn of the event loop are published together at the next
 * setImmediate; each keeps its own promise, so one failing publish fails only its own message.
 */
export class ScoredPublisher {
  private queue: Queued[] = [];
  private scheduled = false;

  constructor(private readonly bus: Bus) {}

  publish(platform: Platform, data: EventInput<'post.scored.v1'>, opts: PublishOptions): Promise<PublishResult> {
    return new Promise<PublishResult>((resolve, reject) => {
      this.queue.push({ platform, data, opts, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    for (const q of batch) {
      try {
        this.bus.publish('post.scored.v1', subjects.postScored(q.platform), q.data, q.opts).then(q.resolve, q.reject);
      } catch (err) {
        q.reject(err);
      }
    }
  }
}
