/**
 * Scraped text (titles, summaries, author names) is attacker-controlled: anyone can post on
 * Reddit. Before any formatter escapes it for its channel, it is cleaned here of characters that
 * have no business in an alert.
 */

// C0 and C1 controls except \n and \t, DEL, and the bidi overrides/isolates used to spoof text direction.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Removes control and bidi-override characters; keeps newlines (tabs become spaces). */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(INVISIBLE, '');
}

/** cleanText plus newlines collapsed: for fields that must stay on one line (titles, names). */
export function oneLine(text: string): string {
  return cleanText(text).replace(/\s*\n\s*/g, ' ').trim();
}

/** Cuts to at most `max` code points (never splitting a surrogate pair), ending in "…" when cut. */
export function truncate(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * Appends escaped pieces of `text` while the escaped result stays within `max` characters, so an
 * entity such as "&amp;" is never cut in half. `escape` maps one code point to its escaped form.
 */
export function escapeWithin(text: string, max: number, escape: (ch: string) => string): string {
  let out = '';
  const points = Array.from(text);
  for (let i = 0; i < points.length; i++) {
    const piece = escape(points[i] ?? '');
    const needsEllipsis = i < points.length - 1;
    if (out.length + piece.length + (needsEllipsis ? 1 : 0) > max) return `${out}…`;
    out += piece;
  }
  return out;
}

/** The URL when it is an absolute http(s) URL, normalized by the WHATWG parser; otherwise null. */
export function safeHttpUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}
