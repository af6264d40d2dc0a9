import { describe, expect, it } from 'vitest';
import { canonicalLinkedinProfile, htmlToText, readProfileText, splitPersonName } from './profile-text.ts';

describe('readProfileText', () => {
  it('reads title, company, bare domain and email from a sandbox-style bio', () => {
    const cues = readProfileText('Head of Sales at Brightlane Labs · brightlane-labs.io · reach me: maya@brightlane-labs.io · chess on weekends');
    expect(cues).toEqual({
      emails: ['maya@brightlane-labs.io'],
      linkedinUrls: [],
      websites: ['https://brightlane-labs.io'],
      company: 'Brightlane Labs',
      title: 'Head of Sales',
    });
  });

  it('keeps "&" in company names and finds LinkedIn links', () => {
    const cues = readProfileText('CTO @ Harbor & Pike Realty | https://www.linkedin.com/in/Jane-Doe-12/ | https://janedoe.dev/blog');
    expect(cues.company).toBe('Harbor & Pike Realty');
    expect(cues.title).toBe('CTO');
    expect(cues.linkedinUrls).toEqual(['https://www.linkedin.com/in/jane-doe-12']);
    expect(cues.websites).toEqual(['https://janedoe.dev/blog']);
  });

  it('finds nothing in a bio without cues', () => {
    expect(readProfileText('Founder, between things · sourdough on weekends')).toEqual({ emails: [], linkedinUrls: [], websites: [] });
  });
});

describe('htmlToText', () => {
  it('decodes HN about HTML (entities, links, paragraphs)', () => {
    const html = 'CTO at Kestrel Cloudworks &#x2F; <a href="https:&#x2F;&#x2F;kestrelcloud.dev">kestrelcloud.dev</a><p>mail: a&#64;b.io';
    expect(htmlToText(html)).toBe('CTO at Kestrel Cloudworks /  https://kestrelcloud.dev \nmail: a@b.io');
  });
});

describe('splitPersonName', () => {
  it('splits real names and rejects handles', () => {
    expect(splitPersonName('Maya Okafor')).toEqual({ first: 'Maya', last: 'Okafor' });
    expect(splitPersonName('José María Ferreira')).toEqual({ first: 'José', last: 'Ferreira' });
    expect(splitPersonName('okafor_maya12')).toBeUndefined();
    expect(splitPersonName('Throwaway-Maya123')).toBeUndefined();
    expect(splitPersonName('maya okafor')).toBeUndefined();
  });
});

describe('canonicalLinkedinProfile', () => {
  it('normalizes profile URLs and rejects other LinkedIn pages', () => {
    expect(canonicalLinkedinProfile('https://uk.linkedin.com/in/Maya-Okafor-1a2b?trk=x')).toBe('https://www.linkedin.com/in/maya-okafor-1a2b');
    expect(canonicalLinkedinProfile('https://www.linkedin.com/company/brightlane-labs')).toBeUndefined();
  });
});
