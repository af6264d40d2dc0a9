import { describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../webhooks/signing.ts';
import { isSlackWebhookUrl, parseDestination, type DestinationRow } from './destination.ts';

const row = (kind: string, config: Record<string, unknown>, secrets: Record<string, unknown> = {}): DestinationRow => ({
  id: 'd1',
  workspace_id: 'w1',
  name: 'n',
  kind,
  config,
  secrets,
  monitor_ids: [],
  min_score: 5,
  frequency: 'instant',
  quiet_hours_start: null,
  quiet_hours_end: null,
  time_zone: 'UTC',
});

describe('isSlackWebhookUrl', () => {
  const origins = ['https://hooks.slack.com', 'http://127.0.0.1:4100'];
  it('accepts Slack incoming webhooks and the sandbox path, refuses everything else', () => {
    expect(isSlackWebhookUrl('https://hooks.slack.com/services/T1/B1/x', origins)).toBe(true);
    expect(isSlackWebhookUrl('http://127.0.0.1:4100/slack/services/T1/B1/x', origins)).toBe(true);
    expect(isSlackWebhookUrl('http://127.0.0.1:4100/services/T1/B1/x', origins)).toBe(true);
    // Slack's own origin keeps the exact path; a prefix is for configured extra origins only.
    expect(isSlackWebhookUrl('https://hooks.slack.com/x/services/T1/B1/x', origins)).toBe(false);
    expect(isSlackWebhookUrl('https://hooks.slack.com/api/chat.postMessage', origins)).toBe(false);
    expect(isSlackWebhookUrl('http://127.0.0.1:4100/a/b/services/T1', origins)).toBe(false);
    expect(isSlackWebhookUrl('https://hooks.slack.com.evil.test/services/T1/B1/x', origins)).toBe(false);
    expect(isSlackWebhookUrl('https://u:p@hooks.slack.com/services/T1/B1/x', origins)).toBe(false);
    expect(isSlackWebhookUrl('not a url', origins)).toBe(false);
  });
});

describe('parseDestination', () => {
  it('reads the gateway spellings (recipients, one signingSecret) as well as its own', () => {
    const email = parseDestination(row('email', { recipients: ['a@b.test'] }));
    expect(email.channel).toEqual({ kind: 'email', settings: { to: ['a@b.test'] } });
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    const hook = parseDestination(row('webhook', { url: 'https://x.test/h' }, { signingSecret: a }));
    expect(hook.channel).toEqual({ kind: 'webhook', settings: { url: 'https://x.test/h', format: 'standard', signingSecrets: [a] } });
    const rotated = parseDestination(row('webhook', { url: 'https://x.test/h' }, { signingSecrets: [a, b] }));
    expect(rotated.channel.kind === 'webhook' && rotated.channel.settings.signingSecrets).toEqual([a, b]);
  });
  it('names what is wrong with an unusable row', () => {
    expect(() => parseDestination(row('email', { recipients: [] }))).toThrow(/email destination: to/);
    expect(() => parseDestination(row('pager', {}))).toThrow(/unknown destination kind pager/);
    // A secret signing would choke on is caught here, so the destination is disabled with the reason.
    expect(() => parseDestination(row('webhook', { url: 'https://x.test/h' }, { signingSecret: 'short but 16+ chars' }))).toThrow(/signingSecrets.0: not a whsec_ secret/);
  });
});
