import { htmlToText, type NormalizedPost } from '@intent-radar/ingest-kit';
import { z } from 'zod';

const itemUrl = (id: string | number) => `https://news.ycombinator.com/item?id=${id}`;
const profile = (by: string) => ({ handle: by, profileUrl: `https://news.ycombinator.com/user?id=${encodeURIComponent(by)}` });
const iso = (sec: number) => new Date(sec * 1000).toISOString();
/** Unix seconds a Date can hold (toISOString throws past 8.64e12 s; found by the fuzz test). */
const epochSeconds = z.number().int().min(0).max(8_640_000_000_000);

/** An Algolia hit; the pre-2023 format sends every field with nulls. */
export const algoliaHitSchema = z.object({
  objectID: z.string().min(1),
  created_at_i: epochSeconds,
  author: z.string().min(1),
  title: z.string().nullish(),
  url: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
  story_id: z.number().int().nullish(),
  parent_id: z.number().int().nullish(),
  story_title: z.string().nullish(),
  _tags: z.array(z.string()).default([]),
});
export type AlgoliaHit = z.infer<typeof algoliaHitSchema>;

/** A Firebase item (`item/<id>.json`); null for an unknown id. */
export const firebaseItemSchema = z
  .object({
    id: z.number().int(),
    type: z.string().optional(),
    by: z.string().optional(),
    time: epochSeconds.optional(),
    text: z.string().optional(),
    title: z.string().optional(),
    url: z.string().optional(),
    parent: z.number().int().optional(),
    deleted: z.boolean().optional(),
    dead: z.boolean().optional(),
  })
  .nullable();
export type FirebaseItem = NonNullable<z.infer<typeof firebaseItemSchema>>;

/** Algolia hit -> normalized post (HN HTML decoded, links extracted). */
export function fromAlgoliaHit(hit: AlgoliaHit): NormalizedPost {
  const isComment = hit._tags.includes('comment') || (hit.comment_text != null && hit.title == null);
  const { text, links } = htmlToText((isComment ? hit.comment_text : hit.story_text) ?? '');
  const storyUrl = hit.url ? [hit.url] : [];
  return {
    externalId: hit.objectID,
    kind: isComment ? 'comment' : 'post',
    url: itemUrl(hit.objectID),
    title: isComment ? undefined : (hit.title ?? undefined),
    content: text,
    author: profile(hit.author),
    createdAt: iso(hit.created_at_i),
    parentExternalId: isComment && hit.parent_id != null ? String(hit.parent_id) : undefined,
    threadExternalId: isComment && hit.story_id != null ? String(hit.story_id) : undefined,
    threadTitle: isComment ? (hit.story_title ?? undefined) : undefined,
    site: 'news.ycombinator.com',
    links: [...storyUrl, ...links].slice(0, 100),
    topComments: [],
  };
}

/** What the firehose remembers about recent items so a comment can name its thread. */
export interface ThreadInfo {
  threadId: string;
  threadTitle: string | undefined;
}

/** Firebase item -> normalized post; null for deleted/dead items and non-post types (job, poll). */
export function fromFirebaseItem(item: FirebaseItem, thread: ThreadInfo | undefined): NormalizedPost | null {
  if (item.deleted || item.dead || !item.by || item.time === undefined) return null;
  if (item.type !== 'story' && item.type !== 'comment') return null;
  const { text, links } = htmlToText(item.text ?? '');
  const isComment = item.type === 'comment';
  return {
    externalId: String(item.id),
    kind: isComment ? 'comment' : 'post',
    url: itemUrl(item.id),
    title: isComment ? undefined : item.title,
    content: text,
    author: profile(item.by),
    createdAt: iso(item.time),
    parentExternalId: isComment && item.parent !== undefined ? String(item.parent) : undefined,
    threadExternalId: isComment ? thread?.threadId : undefined,
    threadTitle: isComment ? thread?.threadTitle : undefined,
    site: 'news.ycombinator.com',
    links: [...(item.url ? [item.url] : []), ...links].slice(0, 100),
    topComments: [],
  };
}
