import { toAlertView, type AlertSignal, type AlertView, type FormatContext } from './alert-view.ts';
import { digestTitle, type Digest } from './digest.ts';
import { cleanText, oneLine, truncate } from './scraped-text.ts';

/** A rendered email: nodemailer's subject/html/text. */
export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attributes. Scraped HTML is shown, never rendered. */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

function link(url: string | null, label: string): string {
  // Only http(s) URLs normalized by toAlertView reach here; the escape keeps quotes out of the attribute.
  return url ? `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

/** Subject lines are a header: no newlines (header injection), bounded length. */
function subjectLine(text: string): string {
  return truncate(oneLine(text), 150);
}

const STYLE = 'font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1c2024;line-height:1.5';

function alertHtmlBlock(view: AlertView): string {
  const pains = view.painPoints.length
    ? `<p style="margin:8px 0 0"><strong>Pain points</strong></p><ul style="margin:4px 0">${view.painPoints.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`
    : '';
  const competitors = view.competitors.length ? `<p style="margin:4px 0;color:#60646c">Mentions: ${escapeHtml(view.competitors.join(', '))}</p>` : '';
  return [
    `<p style="margin:0"><strong>Intent ${view.score}/10</strong> · ${escapeHtml(view.platform)} · ${link(view.authorUrl, view.author)} · ${escapeHtml(view.age)}</p>`,
    `<p style="margin:4px 0;font-size:16px"><strong>${link(view.postUrl, view.headline)}</strong></p>`,
    `<p style="margin:4px 0">${escapeHtml(view.summary)}</p>`,
    pains,
    competitors,
    `<p style="margin:8px 0 0;color:#60646c">Monitor: ${escapeHtml(view.monitorName)} · Stage: ${escapeHtml(view.stage)} · ${link(view.signalUrl, 'View in Intent Radar')}</p>`,
  ].join('\n');
}

function alertTextBlock(view: AlertView): string {
  const lines = [
    `Intent ${view.score}/10 on ${view.platform} - ${view.author} - ${view.age}`,
    view.headline,
    view.summary,
  ];
  if (view.painPoints.length) lines.push('Pain points:', ...view.painPoints.map((p) => `  - ${p}`));
  if (view.competitors.length) lines.push(`Mentions: ${view.competitors.join(', ')}`);
  lines.push(`Monitor: ${view.monitorName} - Stage: ${view.stage}`);
  if (view.postUrl) lines.push(`Post: ${view.postUrl}`);
  lines.push(`Signal: ${view.signalUrl}`);
  return lines.map(cleanText).join('\n');
}

function page(title: string, body: string, ctx: FormatContext): string {
  const settings = `${ctx.dashboardUrl.replace(/\/+$/, '')}/settings/alerts`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="${STYLE}">\n${body}\n<p style="margin-top:24px;color:#8b8d98;font-size:12px">Sent by Intent Radar. <a href="${escapeHtml(settings)}">Alert settings</a></p></body></html>`;
}

/** HTML + text email for one signal. */
export function formatEmailAlert(signal: AlertSignal, ctx: FormatContext): EmailContent {
  const view = toAlertView(signal, ctx);
  const subject = subjectLine(`[Intent ${view.score}/10] ${view.summary || view.headline}`);
  return { subject, html: page(subject, alertHtmlBlock(view), ctx), text: `${alertTextBlock(view)}\n` };
}

/** HTML + text digest email grouped by monitor. */
export function formatEmailDigest(digest: Digest, ctx: FormatContext): EmailContent {
  const title = digestTitle(digest);
  const subject = subjectLine(`[Intent Radar] ${title}`);
  const htmlGroups: string[] = [];
  const textGroups: string[] = [];
  for (const group of digest.groups) {
    const views = group.top.map((s) => toAlertView(s, ctx));
    const more = group.total > group.top.length ? `<p style="color:#60646c">+${group.total - group.top.length} more in the dashboard</p>` : '';
    htmlGroups.push(
      `<h2 style="font-size:16px;margin:24px 0 8px">${escapeHtml(group.monitorName)} (${group.total})</h2>\n` +
        views.map((v) => `<div style="margin:0 0 16px;padding-left:8px;border-left:3px solid #e0e1e6">${alertHtmlBlock(v)}</div>`).join('\n') +
        more,
    );
    textGroups.push(`== ${cleanText(group.monitorName)} (${group.total}) ==\n\n${views.map(alertTextBlock).join('\n\n')}`);
  }
  const heading = `<h1 style="font-size:18px">${escapeHtml(title)}</h1>`;
  return { subject, html: page(subject, `${heading}\n${htmlGroups.join('\n')}`, ctx), text: `${title}\n\n${textGroups.join('\n\n')}\n` };
}
