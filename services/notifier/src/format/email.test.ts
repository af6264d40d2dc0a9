import { describe, expect, it } from 'vitest';
import { buildDigest } from './digest.ts';
import { escapeHtml, formatEmailAlert, formatEmailDigest } from './email.ts';
import { CTX, sampleSignal } from './sample-signal.ts';

const HOSTILE = '<script>alert(1)</script><img src=x onerror="fetch(1)"> "quoted" \'single\' & more';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and strips control characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>\u0000\u202e`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('formatEmailAlert', () => {
  it('renders the alert as HTML and text with both links', () => {
    const email = formatEmailAlert(sampleSignal(), CTX);
    expect(email.subject).toBe('[Intent 9/10] SDR lead wants a cheaper ZoomInfo replacement this quarter');
    expect(email.html).toContain('<a href="https://www.reddit.com/r/sales/comments/abc123/looking_for_a_zoominfo_alternative/">Looking for a ZoomInfo alternative under $500/month</a>');
    expect(email.html).toContain('<a href="https://app.intentradar.test/signals/sig_123">View in Intent Radar</a>');
    expect(email.html).toContain('<li>ZoomInfo is too expensive</li>');
    expect(email.text).toContain('Signal: https://app.intentradar.test/signals/sig_123');
    expect(email.text).toContain('  - Bounce rate above 20%');
    expect(email.text).toContain('3 h ago');
  });

  it('never renders scraped HTML and never puts a non-http URL in an href', () => {
    const email = formatEmailAlert(
      sampleSignal({
        title: HOSTILE,
        summary: HOSTILE.slice(0, 300),
        painPoints: [HOSTILE],
        author: { handle: 'x', displayName: HOSTILE, profileUrl: 'javascript:alert(1)' },
        url: 'javascript:alert(document.cookie)',
        monitorName: HOSTILE.slice(0, 200),
      }),
      CTX,
    );
    expect(email.html).not.toMatch(/<script|<img|onerror="/i);
    expect(email.html).not.toContain('javascript:');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.every((h) => h?.startsWith('https://app.intentradar.test/'))).toBe(true);
  });

  it('keeps the subject on one line (no header injection)', () => {
    const email = formatEmailAlert(sampleSignal({ summary: 'hi\r\nBcc: victim@example.com\nX-Evil: 1' }), CTX);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe('[Intent 9/10] hi Bcc: victim@example.com X-Evil: 1');
  });
});

describe('formatEmailDigest', () => {
  it('groups by monitor with counts and "more" lines, escaped', () => {
    const signals = [
      ...Array.from({ length: 7 }, (_, i) => sampleSignal({ signalId: `a${i}`, monitorId: 'a', monitorName: 'CRM <b>switchers</b>', intentScore: 3 + i })),
      sampleSignal({ signalId: 'b1', monitorId: 'b', monitorName: 'Data vendors', intentScore: 5 }),
    ];
    const email = formatEmailDigest(buildDigest(signals, 'daily', new Date(0), new Date(1), 5), CTX);
    expect(email.subject).toBe('[Intent Radar] Daily digest: 8 new signals');
    expect(email.html).toContain('CRM &lt;b&gt;switchers&lt;/b&gt; (7)');
    expect(email.html).toContain('+2 more in the dashboard');
    expect(email.html.indexOf('CRM')).toBeLessThan(email.html.indexOf('Data vendors'));
    expect(email.text).toContain('== CRM <b>switchers</b> (7) ==');
    expect(email.html.match(/signals\/a\d/g)).toHaveLength(5);
  });
});
