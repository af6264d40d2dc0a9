import { describe, expect, it } from 'vitest';
import { MAX_RELEVANCE_RAISE, monitorScore } from './monitor-score.ts';

const SALES_DATA_SELLER = 'We sell a ZoomInfo alternative for SMBs';
const HELPDESK_SELLER = 'We sell a Zendesk alternative for small teams';

describe('monitorScore', () => {
  const aboutSalesData = { categories: ['sales_intelligence'], enterprise: false };

  it('raises the score for a monitor selling into the post category and lowers it for one selling something else', () => {
    const seller = monitorScore(6, aboutSalesData, SALES_DATA_SELLER);
    expect(seller).toMatchObject({ score: 7, delta: 1 });
    expect(seller.reason).toMatch(/sales_intelligence, which the monitor sells into/);
    const other = monitorScore(6, aboutSalesData, HELPDESK_SELLER);
    expect(other).toMatchObject({ score: 4, delta: -2 });
    expect(other.reason).toMatch(/not what the monitor sells/);
  });

  it('leaves the score alone without a context, and for a post from a scorer that sent no profile', () => {
    expect(monitorScore(6, aboutSalesData, null)).toEqual({ score: 6, delta: 0, reason: null });
    expect(monitorScore(6, aboutSalesData, '  ')).toEqual({ score: 6, delta: 0, reason: null });
    expect(monitorScore(6, undefined, SALES_DATA_SELLER)).toMatchObject({ score: 6, delta: 0 });
  });

  it('says why a low score was not moved', () => {
    const low = monitorScore(3, aboutSalesData, HELPDESK_SELLER);
    expect(low).toMatchObject({ score: 3, delta: 0 });
    expect(low.reason).toMatch(/not applied/);
  });

  it('lowers an enterprise buyer for an SMB seller', () => {
    const enterprise = monitorScore(6, { categories: ['support'], enterprise: true }, HELPDESK_SELLER);
    expect(enterprise.delta).toBe(0); // category match +1, size mismatch -1
    expect(enterprise.reason).toMatch(/enterprise buyer/);
  });

  it('never raises more than the eligibility SQL admits', () => {
    // The best case for a raise: every category the post names is one the context sells into.
    const best = monitorScore(
      6,
      { categories: ['crm', 'sales_intelligence', 'support'], enterprise: false },
      'We sell a CRM with built-in ZoomInfo-style data and a Zendesk-style helpdesk',
    );
    expect(best.delta).toBe(MAX_RELEVANCE_RAISE);
    expect(monitorScore(10, aboutSalesData, SALES_DATA_SELLER).score).toBe(10);
  });
});
