import type { SignalRow } from '../routes/signal-queries.ts';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * A first-message draft from the analysis: pain points, competitors, stage. It is only text for a
 * person to edit and send themselves; nothing is posted anywhere.
 */
export function templateDraft(s: SignalRow, settings: Record<string, unknown>) {
  const a = s.analysis ?? {};
  const pains = strings(a.pain_points).slice(0, 2);
  const competitors = strings(a.competitors_mentioned).slice(0, 2);
  const company = typeof settings.companyName === 'string' ? settings.companyName : 'our team';
  const product = typeof settings.productDescription === 'string' ? settings.productDescription : 'what we build';
  const name = s.author_display_name ?? s.author_handle;
  const topic = s.title ?? (typeof a.one_line_summary === 'string' ? a.one_line_summary : 'your post');
  const lines = [
    `Hi ${name},`,
    '',
    `I saw your ${s.platform === 'hackernews' ? 'comment on Hacker News' : `post on ${s.platform}`} about "${topic.slice(0, 120)}".`,
  ];
  if (pains.length) lines.push(`It sounds like ${pains.join(' and ').toLowerCase()} is the real problem.`);
  if (competitors.length) lines.push(`Teams coming from ${competitors.join(' / ')} often tell us the same.`);
  lines.push(`At ${company} we work on ${product}. Happy to share what worked for others - no pitch unless it is useful.`, '', 'Best,');
  return { subject: `Re: ${topic.slice(0, 80)}`, body: lines.join('\n'), generatedBy: 'template' as const };
}
