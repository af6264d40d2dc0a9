/**
 * Reads contact cues out of free text an author wrote about themselves (HN `about`, Reddit
 * profile description, X bio, LinkedIn about): emails, links, "Title at Company".
 */

export interface ProfileCues {
  emails: string[];
  linkedinUrls: string[];
  /** Other links and bare domains, normalized to https URLs. */
  websites: string[];
  company?: string;
  title?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HN `about` is HTML: `<p>` paragraphs, `<a href>` links, entity-escaped text. */
export function htmlToText(html: string): string {
  return html
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>.*?<\/a>/gi, ' $1 ')
    .replace(/<(p|br)\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

const EMAIL = /[a-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,24}/gi;
// Links with a scheme, www. links, and bare domains such as "brightlane-labs.io".
const LINK = /\b(?:https?:\/\/)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d+)?(?:\/[^\s·|,;()<>"']*)?/gi;
const LINKEDIN_PROFILE = /^https?:\/\/(?:[a-z]{2,3}\.)?linkedin\.com\/in\/([^/?#\s]+)/i;
// Company names are capitalised words (and "&"): "Head of Sales at Brightlane Labs", "CTO @ Kestrel Cloudworks".
const AT_COMPANY = /(?:^|[\s,(])(?:at|@)\s+((?:[A-Z0-9][\w.'&-]*|&)(?:\s+(?:[A-Z0-9][\w.'&-]*|&))*)/;
const TITLE_BEFORE_AT = /([A-Za-z][A-Za-z &/,-]{1,60}?)\s+(?:at|@)\s+[A-Z0-9]/;
// Not a link to a site of its own: a file name or a number with a dot.
const NOT_A_DOMAIN = /\.(png|jpe?g|gif|pdf|txt|md|js|ts|html?)$/i;

/** A LinkedIn profile URL in canonical form, or undefined. */
export function canonicalLinkedinProfile(url: string): string | undefined {
  const m = LINKEDIN_PROFILE.exec(url.trim());
  if (!m?.[1]) return undefined;
  return `https://www.linkedin.com/in/${decodeURIComponent(m[1]).toLowerCase()}`;
}

/** Extracts the cues from plain text (decode HTML first with htmlToText). */
export function readProfileText(text: string): ProfileCues {
  const emails = unique([...text.matchAll(EMAIL)].map((m) => m[0].toLowerCase()));
  const emailSpans = [...text.matchAll(EMAIL)].map((m) => [m.index, m.index + m[0].length] as const);
  const linkedinUrls: string[] = [];
  const websites: string[] = [];
  for (const m of text.matchAll(LINK)) {
    // A domain inside an email address is not a link of its own.
    if (emailSpans.some(([a, b]) => m.index >= a && m.index < b)) continue;
    const raw = m[0].replace(/[.)]+$/, '');
    if (NOT_A_DOMAIN.test(raw) || /^\d+(\.\d+)+$/.test(raw)) continue;
    const url = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      continue;
    }
    const linkedin = canonicalLinkedinProfile(parsed.toString());
    if (linkedin) linkedinUrls.push(linkedin);
    else websites.push(parsed.pathname === '/' && !raw.endsWith('/') ? parsed.origin : parsed.toString());
  }
  const cues: ProfileCues = { emails, linkedinUrls: unique(linkedinUrls), websites: unique(websites) };
  for (const segment of text.split(/\s*[·|\n]\s*/)) {
    const company = AT_COMPANY.exec(segment)?.[1]?.replace(/[.,]+$/, '');
    if (!company || company.length < 2) continue;
    cues.company = company;
    const title = TITLE_BEFORE_AT.exec(segment)?.[1]?.trim();
    if (title) cues.title = title;
    break;
  }
  return cues;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** "Maya Okafor" -> first/last; undefined for a handle, a single word or something that is not a name. */
export function splitPersonName(name: string | undefined): { first: string; last: string } | undefined {
  if (!name) return undefined;
  const parts = name
    .normalize('NFC')
    .replace(/\s*\(.*?\)\s*/g, ' ')
    .trim()
    .split(/\s+/);
  if (parts.length < 2 || parts.length > 4) return undefined;
  if (!parts.every((p) => /^\p{Lu}[\p{L}'’-]*\.?$/u.test(p))) return undefined;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (last.length < 2) return undefined;
  return { first, last };
}
