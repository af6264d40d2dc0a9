import { extractLinks, type NormalizedPost } from '@intent-radar/ingest-kit';
import type { RedditThing } from './reddit-source.ts';

/** A listing child -> normalized post (markdown kept as text; links extracted). */
export function fromRedditThing(t: RedditThing): NormalizedPost | null {
  const d = t.data;
  if (d.author === '[deleted]') return null;
  const isComment = t.kind === 't1';
  const content = (isComment ? d.body : d.selftext) ?? '';
  const external = !isComment && d.url && !d.url.includes(d.permalink) ? [d.url] : [];
  return {
    externalId: d.name,
    kind: isComment ? 'comment' : 'post',
    url: `https://www.reddit.com${d.permalink}`,
    title: isComment ? undefined : d.title,
    content,
    author: { handle: d.author, profileUrl: `https://www.reddit.com/user/${encodeURIComponent(d.author)}` },
    site: `r/${d.subreddit}`,
    createdAt: new Date(d.created_utc * 1000).toISOString(),
    parentExternalId: isComment ? d.parent_id : undefined,
    threadExternalId: isComment ? d.link_id : undefined,
    threadTitle: isComment ? d.link_title : undefined,
    links: [...external, ...extractLinks(content)].slice(0, 100),
    topComments: [],
  };
}
