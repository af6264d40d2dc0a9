import { describe, expect, it } from 'vitest';
import { monitorRelevance, relevanceProfile, scoreForMonitor } from './relevance.ts';

const helpdeskAsk = relevanceProfile('Helpdesk for a 20-person support team?', 'We are leaving Zendesk, any suggestions?');

describe('per-monitor relevance', () => {
  it('profiles a post by the product categories it names, independent of any monitor', () => {
    expect(helpdeskAsk.categories).toEqual(['support']);
    expect(helpdeskAsk.enterprise).toBe(false);
    expect(relevanceProfile(undefined, '')).toEqual({ categories: [], enterprise: false });
  });

  it('raises a post for a monitor that sells into its category and lowers it for one that does not', () => {
    const seller = monitorRelevance(helpdeskAsk, 'we sell a Zendesk alternative for SMBs');
    const other = monitorRelevance(helpdeskAsk, 'we sell a ZoomInfo alternative for SMBs');
    expect(seller.adjustment).toBeGreaterThan(0);
    expect(other.adjustment).toBeLessThan(0);
    expect(other.reason).toMatch(/not what the monitor sells/);
    expect(scoreForMonitor(6, seller)).toBe(7);
    expect(scoreForMonitor(6, other)).toBeLessThan(6);
  });

  it('moves nothing without a context, or when the context names no known category', () => {
    expect(monitorRelevance(helpdeskAsk, null).adjustment).toBe(0);
    expect(monitorRelevance(helpdeskAsk, '   ').adjustment).toBe(0);
    expect(monitorRelevance(helpdeskAsk, 'we are a friendly bunch').adjustment).toBe(0);
  });

  it('lowers enterprise buyers for an SMB seller', () => {
    const enterprise = relevanceProfile(undefined, 'Enterprise helpdesk for 5,000 employees, replacing Zendesk. Recommendations?');
    expect(enterprise.enterprise).toBe(true);
    const r = monitorRelevance(enterprise, 'helpdesk software for small businesses');
    expect(r.adjustment).toBe(0); // category match +1, size mismatch -1
    expect(r.reason).toMatch(/enterprise buyer/);
  });

  it('leaves low scores (job posts, news) alone and stays within 1-10', () => {
    const down = { adjustment: -2, reason: '' };
    expect(scoreForMonitor(2, down)).toBe(2);
    expect(scoreForMonitor(10, { adjustment: 1, reason: '' })).toBe(10);
    expect(scoreForMonitor(4, down)).toBe(2);
  });
});
