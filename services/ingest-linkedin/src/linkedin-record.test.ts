import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { authorCompany, fromLinkedinRecord, linkedinRecordSchema } from './linkedin-record.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.resolve(repoRoot, '../shared/fixtures/brightdata', name), 'utf8'));

describe('LinkedIn post records (Bright Data captures)', () => {
  it('maps a captured organization post: every key kept, company, profile URL without tracking, comments', () => {
    const [entry] = fixture('snapshot_linkedin_post.company_discovery.json') as unknown[];
    const record = linkedinRecordSchema.parse(entry);
    // Unknown keys pass through untouched (nulls included).
    expect(new Set(Object.keys(record))).toEqual(new Set(Object.keys(entry as object)));
    expect((record as Record<string, unknown>).hashtags).toBeNull();
    const post = fromLinkedinRecord(record);
    expect(post).toMatchObject({
      externalId: '7503504518433878017',
      kind: 'post',
      content: 'Fantasy football is actually just pipeline management',
      author: { handle: 'hubspot', displayName: 'HubSpot', profileUrl: 'https://www.linkedin.com/company/hubspot' },
      site: 'HubSpot',
      createdAt: '2026-09-09T17:28:05.539Z',
    });
    expect(post.topComments?.[0]).toMatch(/^The waiver wire thread/);
  });

  it('a failed input is not a post record', () => {
    expect(linkedinRecordSchema.safeParse(fixture('snapshot_error_record.json')).success).toBe(false);
  });

  it("a person's company comes from the end of their title; nulls everywhere still map", () => {
    const r = linkedinRecordSchema.parse({ id: '1', url: 'https://www.linkedin.com/posts/x', user_title: 'VP Sales at Acme at Scale Inc', account_type: 'Person', user_name: null, post_text: null, date_posted: null, use_url: null });
    expect(authorCompany(r)).toBe('Acme at Scale Inc');
    const post = fromLinkedinRecord(r, Date.UTC(2026, 0, 1));
    expect(post).toMatchObject({ content: '', author: { handle: 'unknown' }, createdAt: '2026-01-01T00:00:00.000Z' });
    expect(post.author.profileUrl).toBeUndefined();
  });
});
