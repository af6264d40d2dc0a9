/**
 * The fakes' own search: good enough to behave like platform search (implicit AND, `OR`,
 * "phrases", -exclusions, whole words, case-insensitive). Operator tokens (`lang:en`,
 * `-is:retweet`, `subreddit:x`) are returned separately for the platform to apply or ignore.
 */
export interface ParsedQuery {
  /** Every group must match; a group matches when any of its alternatives does. */
  groups: string[][];
  excluded: string[];
  operators: { key: string; value: string; negated: boolean }[];
}

const TOKEN = /(-?)"([^"]*)"|(-?)([^\s()]+)|[()]/g;

/** Parses a search query string. */
export function parseQuery(query: string): ParsedQuery {
  const groups: string[][] = [];
  const excluded: string[] = [];
  const operators: ParsedQuery['operators'] = [];
  let pendingOr = false;
  for (const m of query.matchAll(TOKEN)) {
    const negated = (m[1] ?? m[3]) === '-';
    const phrase = m[2];
    const word = m[4];
    if (phrase === undefined && word === undefined) continue; // a parenthesis
    if (word === 'OR' || word === '|') {
      pendingOr = true;
      continue;
    }
    if (word === 'AND') continue;
    if (word !== undefined && /^[a-z_]+:/i.test(word) && !/^https?:/i.test(word)) {
      const idx = word.indexOf(':');
      operators.push({ key: word.slice(0, idx).toLowerCase(), value: word.slice(idx + 1), negated });
      pendingOr = false;
      continue;
    }
    const term = normalize(phrase ?? word ?? '');
    if (!term) continue;
    if (negated) {
      excluded.push(term);
    } else if (pendingOr && groups.length > 0) {
      groups[groups.length - 1]?.push(term);
    } else {
      groups.push([term]);
    }
    pendingOr = false;
  }
  return { groups, excluded, operators };
}

/** Lowercases, decodes the common HTML entities and strips tags so matching sees the words. */
export function normalize(text: string): string {
  return text
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&#x2F;/g, '/')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const termCache = new Map<string, RegExp>();
function termRegExp(term: string): RegExp {
  let re = termCache.get(term);
  if (!re) {
    const prefix = term.endsWith('*');
    const core = escapeRegExp(prefix ? term.slice(0, -1) : term);
    re = new RegExp(`(^|[^\\p{L}\\p{N}])${core}${prefix ? '' : '(?=$|[^\\p{L}\\p{N}])'}`, 'u');
    if (termCache.size > 5000) termCache.clear();
    termCache.set(term, re);
  }
  return re;
}

/** True when one normalized term occurs as whole words in normalized text. */
export function hasTerm(normalizedText: string, term: string): boolean {
  return termRegExp(term).test(normalizedText);
}

/** True when text matches the parsed query (an empty query matches everything). */
export function matches(parsed: ParsedQuery, text: string): boolean {
  const t = normalize(text);
  for (const group of parsed.groups) if (!group.some((term) => hasTerm(t, term))) return false;
  for (const term of parsed.excluded) if (hasTerm(t, term)) return false;
  return true;
}

/** The query terms found in a text, for highlight blocks. */
export function matchedTerms(parsed: ParsedQuery, text: string): string[] {
  const t = normalize(text);
  return parsed.groups.flat().filter((term) => hasTerm(t, term));
}
