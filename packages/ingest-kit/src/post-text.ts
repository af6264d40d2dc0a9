const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes HTML entities (named ones HN and Reddit use, decimal and hex). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** HN's HTML (`<p>` between paragraphs, `<a href>`, `<i>`, `<pre><code>`) to plain text plus its links. */
export function htmlToText(html: string): { text: string; links: string[] } {
  const links: string[] = [];
  for (const m of html.matchAll(/<a\s[^>]*href="([^"]*)"/gi)) {
    const href = decodeEntities(m[1] ?? '');
    if (/^https?:\/\//i.test(href)) links.push(href);
  }
  const text = decodeEntities(
    html
      .replace(/<p>/gi, '\n\n')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  ).trim();
  return { text, links: unique([...links, ...extractLinks(text)]) };
}

/** http(s) URLs in plain text or markdown, trailing punctuation removed. */
export function extractLinks(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/https?:\/\/[^\s<>"'()[\]]+/gi)) out.push(m[0].replace(/[.,;:!?*_]+$/, ''));
  return unique(out);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)].slice(0, 100).map((x) => x.slice(0, 2000));
}

/** Cuts text to a schema limit without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}
