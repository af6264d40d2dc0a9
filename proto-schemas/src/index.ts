export * from './names.ts';
export * from './analysis.ts';
export * from './events.ts';
export * from './envelope.ts';
export * from './catalog.ts';
