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
export type { MatcherTables, MonitorQuery } from './matcher-tables.ts';
export { AutomatonCapacityError } from './aho-corasick.ts';
