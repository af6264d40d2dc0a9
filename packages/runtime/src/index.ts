export * from './lifecycle.ts';
export * from './health-server.ts';
export * from './metrics.ts';
export * from './retry.ts';
export * from './bus-metrics.ts';
export * from './tracing.ts';
export * from './http-tracing.ts';
export * from './llm-metrics.ts';
