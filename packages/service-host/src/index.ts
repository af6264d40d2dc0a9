export * from './definition.ts';
export * from './standalone.ts';
