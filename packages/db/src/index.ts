export * from './errors.ts';
export * from './pool.ts';
export * from './migrations.ts';
export * from './transactions.ts';
