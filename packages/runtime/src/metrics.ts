import client, { type Counter, type Gauge, type Histogram } from 'prom-client';

/** One registry per process; in the all-in-one runner every service shares it. */
const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

function getOrCreate<T>(name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Get-or-create metric constructors, so two services in one process can declare the same metric. */
export const metrics = {
  registry,
  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return getOrCreate(name, () => new client.Counter({ name, help, labelNames, registers: [registry] }));
  },
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return getOrCreate(name, () => new client.Gauge({ name, help, labelNames, registers: [registry] }));
  },
  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    /** Bucket upper bounds, expressed in seconds. */
    buckets: number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  ): Histogram<L> {
    return getOrCreate(name, () => new client.Histogram({ name, help, labelNames, buckets, registers: [registry] }));
  },
};
