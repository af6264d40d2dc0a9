export type {
  AndNode,
  FilterField,
  FilterNode,
  NotNode,
  OrNode,
  PhraseNode,
  PrefixNode,
  QueryNode,
  TermNode,
  TextNode,
  TextScope,
} from './ast.ts';
export { queryLimits } from './ast.ts';
export { QueryCompileError, QueryLimitError, QuerySyntaxError } from './errors.ts';
export type { QueryLimit } from './errors.ts';
export { parseQuery } from './parse.ts';
export { normalizeQuery, printQuery, queryKey } from './print.ts';
export { Matcher, buildMatcher, matchText, maxSpansPerPattern } from './matcher.ts';
export type { MatchablePost, MonitorMatch, Span } from './matcher.ts';
export { compileMatcherTables } from './matcher-tables.ts';
export type { MatcherTables, MatcherTablesOptions, MonitorQuery } from './matcher-tables.ts';
export { AutomatonCapacityError } from './aho-corasick.ts';
export { toRedditSearch } from './compile/reddit.ts';
export { toXQuery } from './compile/x.ts';
export type { XQueryOptions } from './compile/x.ts';
export { toAlgoliaParams } from './compile/algolia.ts';
export type { AlgoliaParams } from './compile/algolia.ts';
export { toBrightDataKeywords } from './compile/brightdata.ts';
export type { Compiled } from './compile/relax.ts';
export { MatcherHost } from './matcher-host.ts';
export type { MatcherHostOptions } from './matcher-host.ts';
