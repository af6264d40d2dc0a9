/**
 * Canonical forms of `site:`, `author:`, `lang:` and `type:` values, applied both to the query
 * value and to the post attribute so that `site:reddit.com/r/Sales` matches a post from `r/sales`.
 */

/** `r/sales`, `/r/sales`, `reddit.com/r/sales/` -> `r/sales`; `https://www.Example.com/x` -> `example.com/x`. */
export function normalizeSite(value: string): string {
  let v = value.trim().toLowerCase();
  v = v.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  v = v.replace(/^www\./, '');
  const sub = /^(?:(?:old\.|new\.)?reddit\.com)?\/?r\/([^/?#]+)/.exec(v);
  if (sub?.[1] !== undefined) return `r/${sub[1]}`;
  return v.replace(/\/+$/, '');
}

/** Whether a post's site satisfies a normalized `site:` value: same subreddit, or same domain or a subdomain/path below it. */
export function siteMatches(filterValue: string, postSite: string): boolean {
  if (filterValue === postSite) return true;
  if (filterValue.startsWith('r/')) return false;
  return (
    postSite.endsWith(`.${filterValue}`) ||
    postSite.startsWith(`${filterValue}/`) ||
    // a post from blog.example.com/x still belongs to site:example.com
    postSite.split('/')[0]!.endsWith(`.${filterValue}`)
  );
}

/** `u/Alice`, `/u/alice`, `@Alice` -> `alice`. */
export function normalizeAuthor(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^\/?u\/|^@/, '');
}

/** `EN-us` -> `en-us`; `lang:en` matches a post tagged `en` or `en-US`. */
export function normalizeLang(value: string): string {
  return value.trim().toLowerCase().replace(/_/g, '-');
}

export function langMatches(filterValue: string, postLang: string): boolean {
  return postLang === filterValue || postLang.startsWith(`${filterValue}-`);
}

export const POST_TYPES = ['post', 'comment'] as const;
export type PostType = (typeof POST_TYPES)[number];
