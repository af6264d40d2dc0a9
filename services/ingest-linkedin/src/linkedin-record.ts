import { clip, extractLinks, type NormalizedPost } from '@intent-radar/ingest-kit';
import { z } from 'zod';

const text = z.string().nullish();

/**
 * A LinkedIn post record of Bright Data's posts dataset. Records keep every key with `null` for
 * empty values, so every field but the id and url is nullish and unknown keys pass through.
 * A failed input (`{timestamp,input,error,error_code}`) has no id and is not a post.
 */
export const linkedinRecordSchema = z
  .object({
    id: z.string().min(1).max(200),
    url: z.string().min(1).max(2000),
    user_id: text,
    use_url: text,
    user_name: text,
    user_title: text,
    account_type: text,
    headline: text,
    post_text: text,
    original_post_text: text,
    date_posted: text,
    timestamp: text,
    embedded_links: z.array(z.unknown()).nullish(),
    top_visible_comments: z.array(z.object({ comment: text }).loose()).nullish(),
  })
  .loose();
export type LinkedinRecord = z.infer<typeof linkedinRecordSchema>;

// Years 1970-9999: Date.parse accepts years up to ±275760, whose ISO form the raw post contract refuses.
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A date string as epoch ms; undefined when it is not a date between 1970 and 9999. */
function epochMs(text: string | null | undefined): number | undefined {
  const at = text ? Date.parse(text) : NaN;
  return at >= 0 && at <= MAX_MS ? at : undefined;
}

/** When the post was published, as epoch ms; undefined when Bright Data did not give a valid date. */
export function postedAtMs(r: LinkedinRecord): number | undefined {
  return epochMs(r.date_posted);
}

/** The author's company: the organization itself, or the "at <company>" part of a person's title. */
export function authorCompany(r: LinkedinRecord): string | undefined {
  if (r.account_type === 'Organization') return r.user_name ?? undefined;
  const m = r.user_title ? / at (.+)$/.exec(r.user_title) : null;
  return m?.[1]?.trim() || undefined;
}

/** `use_url` carries a tracking query (`?trk=…`): the profile URL is the part before it. */
function profileUrl(r: LinkedinRecord): string | undefined {
  if (!r.use_url || !/^https?:\/\//i.test(r.use_url)) return undefined;
  return clip(r.use_url.replace(/[?#].*$/, ''), 2000);
}

/** Bright Data LinkedIn post record -> normalized post (author name, profile URL, company as site). */
export function fromLinkedinRecord(r: LinkedinRecord, now = Date.now()): NormalizedPost {
  const content = r.post_text ?? r.original_post_text ?? r.headline ?? '';
  const embedded = (r.embedded_links ?? []).filter((l): l is string => typeof l === 'string' && /^https?:\/\//i.test(l));
  const at = postedAtMs(r) ?? epochMs(r.timestamp) ?? now;
  const company = authorCompany(r);
  // || not ??: an empty id or name is no handle (the contract needs at least one character).
  const handle = r.user_id || r.user_name || 'unknown';
  return {
    externalId: r.id,
    kind: 'post',
    url: r.url,
    content,
    author: {
      handle: clip(handle, 200),
      displayName: r.user_name ? clip(r.user_name, 300) : undefined,
      profileUrl: profileUrl(r),
    },
    site: company ? clip(company, 300) : undefined,
    createdAt: new Date(at).toISOString(),
    links: [...new Set([...embedded, ...extractLinks(content)])].slice(0, 100).map((l) => l.slice(0, 2000)),
    topComments: (r.top_visible_comments ?? [])
      .map((c) => c.comment)
      .filter((c): c is string => typeof c === 'string' && c.length > 0)
      .slice(0, 10)
      .map((c) => clip(c, 5000)),
  };
}
