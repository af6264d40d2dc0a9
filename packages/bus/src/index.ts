export { connectBus, startBusConnection, connectDelayMs, defaultConnectBackoff } from './connection.ts';
export type { ConnectBusOptions, ConnectBackoff, BusConnection } from './connection.ts';
export type { Bus, BusState, BusStatus } from './bus.ts';
export type { PublishOptions, PublishRequest, PublishResult } from './publisher.ts';
export type { EventInput } from './envelope-validation.ts';
export { runConsumer } from './consumer-runner.ts';
export type { ConsumerHandle, MessageContext, MessageHandler, RunConsumerOptions } from './consumer-runner.ts';
export { defaultRetryPolicy, redeliveryDelayMs } from './retry-policy.ts';
export type { RetryPolicy } from './retry-policy.ts';
export { publishDeadLetter } from './dead-letter.ts';
export {
  BusError,
  BusClosedError,
  ConnectAbortedError,
  InvalidEventError,
  InvalidNameError,
  PermanentError,
  UnknownEventTypeError,
} from './errors.ts';
export { createNamespace } from './namespace.ts';
export type { Namespace } from './namespace.ts';
export { streamSpecs, kvBucketSpecs, streamForSubject, subjectMatches } from './topology.ts';
export type { StreamSpec, KvBucketSpec } from './topology.ts';
export type { ProvisionOptions } from './provision.ts';
export type { KvBucketName } from './kv.ts';
export type { BusMetrics, ConsumerLabels, MessageOutcome } from './metrics.ts';
export { parseTraceparent, formatTraceparent, nextTraceparent } from './trace-context.ts';
export type { TraceContext } from './trace-context.ts';
