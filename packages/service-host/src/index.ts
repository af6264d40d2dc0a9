export * from './definition.ts';
export * from './standalone.ts';
export * from './consumer-lag-reporting.ts';
