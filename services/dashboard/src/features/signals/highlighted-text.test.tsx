import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { safeHref } from '../../components/safe-href.ts';
import { evidenceMarks, queryTerms, segment, termMarks } from './highlight.ts';
import { HighlightedText } from './highlighted-text.tsx';

describe('highlighting', () => {
  it('takes positive terms from a monitor query, not negations, operators or fields', () => {
    expect(queryTerms('"zoominfo alternative" OR (apollo pricing) -job NOT hiring site:r/sales enrich* -"cold email"')).toEqual([
      'zoominfo alternative',
      'apollo',
      'pricing',
      'hiring',
      'enrich*',
    ]);
  });

  it('segments always concatenate back to the original text, with evidence winning overlaps', () => {
    const text = 'Looking for a ZoomInfo alternative under $500/month';
    const marks = [...evidenceMarks(text, [{ quote: 'ZoomInfo alternative under $500', start: 0, end: 0, cue: 'budget', weight: 2 }]), ...termMarks(text, ['zoominfo', 'alternative'])];
    const segs = segment(text, marks);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.filter((s) => s.kind === 'evidence').map((s) => s.text)).toEqual(['ZoomInfo alternative under $500']);
    expect(segs.some((s) => s.kind === 'term')).toBe(false);
  });

  it('matches whole words only', () => {
    expect(termMarks('crm crmx xcrm CRM.', ['crm']).map((m) => m.start)).toEqual([0, 14]);
    expect(termMarks('enrich enrichment reenrich', ['enrich*']).map((m) => [m.start, m.end])).toEqual([
      [0, 6],
      [7, 17],
    ]);
  });

  it('escapes hostile post text while still highlighting inside it', () => {
    const text = 'Need a CRM <img src=x onerror=alert(1)> <a href="javascript:alert(2)">click</a> now';
    const { container } = render(<HighlightedText text={text} query="crm" evidence={[{ quote: '<img src=x onerror=alert(1)>', start: 11, end: 39, cue: 'explicit_ask', weight: 1 }]} />);
    expect(container.querySelector('img, a, script')).toBeNull();
    expect(container.textContent).toBe(text);
    const marks = [...container.querySelectorAll('mark')].map((m) => [m.dataset.kind, m.textContent]);
    expect(marks).toEqual([
      ['term', 'CRM'],
      ['evidence', '<img src=x onerror=alert(1)>'],
    ]);
  });

  it('only turns http(s) URLs from scraped data into links', () => {
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,<script>')).toBeUndefined();
    expect(safeHref('https://news.ycombinator.com/item?id=1')).toBe('https://news.ycombinator.com/item?id=1');
  });
});
