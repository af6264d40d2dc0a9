import type { Bus } from '@intent-radar/bus';
import { reportConsumerLag } from '@intent-radar/runtime';
import { streams } from '@intent-radar/proto-schemas';

/**
 * Reports the backlog of every durable consumer in the bus's namespace as gauges read at
 * scrape time. Called after the services started, so their durables exist. Returns a stop function.
 */
export async function reportAllConsumerLag(bus: Bus): Promise<() => void> {
  const stops: (() => void)[] = [];
  const deadLetterStream = bus.namespace.stream(streams.deadLetter);
  for (const logical of Object.values(streams)) {
    const physicalStream = bus.namespace.stream(logical);
    try {
      for await (const consumer of bus.jsm.consumers.list(physicalStream)) {
        if (!consumer.config.durable_name) continue;
        stops.push(
          reportConsumerLag({ jsm: bus.jsm, stream: logical, durable: consumer.config.durable_name, physicalStream, deadLetterStream, logger: bus.logger }),
        );
      }
    } catch (err) {
      bus.logger.warn({ err, stream: physicalStream }, 'consumer lag: could not list consumers');
    }
  }
  return () => stops.forEach((stop) => stop());
}
