/** A query that does not follow the grammar; `position` is a UTF-16 offset into the query text. */
export class QuerySyntaxError extends Error {
  readonly code = 'QUERY_SYNTAX' as const;
  constructor(
    readonly position: number,
    readonly expected: string,
    found: string,
  ) {
    super(`unexpected ${found} at ${position}, expected ${expected}`);
    this.name = 'QuerySyntaxError';
  }
}

/** Which hard limit a query broke: they keep parsing and matching bounded for hostile input. */
export type QueryLimit = 'length' | 'depth' | 'terms';

/** A query over one of the hard limits in `queryLimits`. */
export class QueryLimitError extends Error {
  readonly code = 'QUERY_LIMIT' as const;
  constructor(
    readonly limit: QueryLimit,
    readonly max: number,
  ) {
    super(`query exceeds the ${limit} limit of ${max}`);
    this.name = 'QueryLimitError';
  }
}

/** A query that a platform's native search cannot express even in a wider form (e.g. too long for X). */
export class QueryCompileError extends Error {
  readonly code = 'QUERY_COMPILE' as const;
  constructor(
    readonly platform: string,
    reason: string,
  ) {
    super(`${platform}: ${reason}`);
    this.name = 'QueryCompileError';
  }
}
