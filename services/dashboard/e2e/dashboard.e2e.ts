import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { launchBrowser, screenshots, type Page } from './browser.ts';
import { startRadar, type RadarProcess } from './radar-process.ts';

const QUERY = 'alternative OR recommendations OR "contact data"';

/** Polls until fn returns a value, or fails with `what` after timeoutMs. */
async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('dashboard end to end (npm start with the sandbox, Debian chromium)', () => {
  let db: TestDatabase;
  let radar: RadarProcess;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let signalId = '';
  let signalUrl = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    radar = await startRadar(db.url);
    browser = await launchBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: radar.url });
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await radar?.stop();
    await db?.drop();
  });

  it('serves the landing page from the gateway, and the SPA on deep links', async () => {
    await page.goto(`${radar.url}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Find people shopping');
    expect(await page.getByText('$129').first().isVisible()).toBe(true);
    await screenshots(page, 'landing');
    const deep = await page.request.get(`${radar.url}/app/settings`);
    expect(deep.status()).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const unknownApi = await page.request.get(`${radar.url}/api/v1/nope`);
    expect(unknownApi.status()).toBe(404);
    expect(unknownApi.headers()['content-type']).toContain('application/problem+json');
  });

  it('signs up and lands on the new-monitor form', async () => {
    await page.goto(`${radar.url}/login`);
    await screenshots(page, 'login');
    await page.goto(`${radar.url}/signup`);
    await screenshots(page, 'signup');
    await page.getByLabel('Your name').fill('Dana Seller');
    await page.getByLabel('Company').fill('Acme Data');
    await page.getByLabel('Work email').fill(`dana+${Date.now()}@acme-data.com`);
    await page.getByLabel('Password').fill('a sturdy passphrase 42');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/app/monitors?new=1');
    await page.getByRole('form', { name: 'New monitor' }).waitFor();
  });

  it('creates a monitor, showing a query error at its position first', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Switchers');
    await page.getByRole('textbox', { name: 'Query' }).fill('alternative OR (contact');
    await page.getByRole('button', { name: 'Preview matches' }).click();
    const alert = page.getByRole('form', { name: 'New monitor' }).getByRole('alert').first();
    await expect.poll(() => alert.textContent()).toMatch(/At character \d+/);
    await screenshots(page, 'monitor-query-error');
    await page.getByRole('textbox', { name: 'Query' }).fill(QUERY);
    await page.getByLabel(/Minimum score/).fill('5');
    await page.getByLabel('Context (optional)').fill('We sell a B2B contact database for SDR teams.');
    await page.getByRole('button', { name: 'Preview matches' }).click();
    await page.getByRole('region', { name: 'Preview' }).waitFor();
    await page.getByRole('button', { name: 'Create monitor' }).click();
    await page.getByRole('heading', { name: 'Switchers' }).waitFor();
    const res = await page.request.get(`${radar.url}/api/v1/monitors`);
    const monitors = ((await res.json()) as { items: { id: string; name: string; minScore: number }[] }).items;
    expect(monitors.map((m) => [m.name, m.minScore])).toEqual([['Switchers', 5]]);
    await screenshots(page, 'monitors');
  });

  it('shows signals from the sandbox scenario arriving live behind the "new signals" pill', async () => {
    // The real pipeline: scheduler -> ingestors polling the sandbox -> intent-scorer -> dedup-embedder
    // -> signals.created -> gateway SSE -> the browser. The scenario keeps posting, so arrivals keep coming.
    await page.goto(`${radar.url}/app/signals`);
    await page.getByText('Live', { exact: true }).waitFor();
    const before = await page.getByRole('article').count();
    const pill = page.getByRole('button', { name: /\d+ new signals?/ });
    await pill.waitFor({ timeout: 90_000 });
    // Arrivals wait behind the pill: the list does not move under the reader.
    expect(await page.getByRole('article').count()).toBe(before);
    await screenshots(page, 'signals-new-pill');
    const announced = Number(/(\d+)/.exec((await pill.textContent()) ?? '')?.[1]);
    await pill.click();
    await expect.poll(() => page.getByRole('article').count()).toBeGreaterThanOrEqual(Math.min(20, before + announced));
    await screenshots(page, 'signals');
  });

  it('opens a signal: the post with evidence and matched terms highlighted, and the analysis', async () => {
    const card = page.getByRole('article').first();
    signalId = (await card.getAttribute('data-signal-id'))!;
    const detail = (await (await page.request.get(`${radar.url}/api/v1/signals/${signalId}`)).json()) as { content: string; url: string };
    signalUrl = detail.url;
    await card.click();
    const drawer = page.getByRole('dialog', { name: 'Signal detail' });
    await drawer.getByRole('heading', { name: 'The post' }).waitFor();
    expect(await drawer.getByRole('region', { name: 'The post' }).textContent()).toContain(detail.content.slice(0, 40));
    await drawer.getByRole('heading', { name: 'Why this score' }).waitFor();
    expect(await drawer.locator('mark[data-kind]').count()).toBeGreaterThan(0);
    await screenshots(page, 'signal-detail', { fullPage: false });
  });

  it('enriches the author and shows each field with its confidence', async () => {
    const drawer = page.getByRole('dialog', { name: 'Signal detail' });
    await drawer.getByText(/\d+ credits left/).waitFor();
    await drawer.getByRole('button', { name: 'Enrich' }).click();
    // A contact that was found shows per field; an author with no reachable contact shows the
    // enricher's outcome and reasons (nothing charged, so the contact row stays private).
    const shown = drawer.getByTestId('enrichment').or(drawer.getByTestId('enrichment-outcome'));
    await shown.first().waitFor({ timeout: 60_000 });
    expect(await shown.first().textContent()).toMatch(/Result: (complete|partial|failed|refused)/);
    await screenshots(page, 'signal-enriched', { fullPage: false });
  });

  it('copies the outreach draft to the clipboard', async () => {
    const drawer = page.getByRole('dialog', { name: 'Signal detail' });
    const subject = await drawer.getByLabel('Subject').inputValue();
    expect(subject.length).toBeGreaterThan(3);
    await drawer.getByRole('button', { name: 'Copy draft' }).click();
    await drawer.getByText('Copied').waitFor();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip.startsWith(subject)).toBe(true);
    expect(clip).toContain(await drawer.getByLabel('Message').inputValue());
  });

  it('exports the feed as CSV', async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(signalUrl).toMatch(/^https?:\/\//);
    expect(csv.split(/\r?\n/)[0]).toMatch(/score/i);
    expect(csv).toContain(signalUrl);
  });

  it('triages with the keyboard: j selects, c marks contacted', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    const selected = page.locator('article[aria-selected="true"]');
    const id = (await selected.getAttribute('data-signal-id'))!;
    await page.keyboard.press('c');
    await selected.getByText('contacted').waitFor();
    // The card updates optimistically; the API answers once the PATCH has committed.
    const contacted = await until('the signal marked contacted in the API', async () => {
      const res = await page.request.get(`${radar.url}/api/v1/signals?status=contacted`);
      const ids = ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id);
      return ids.length > 0 ? ids : undefined;
    });
    expect(contacted).toEqual([id]);
  });

  it('sets up a Slack destination and the test message reaches the sandbox Slack sink', async () => {
    await page.goto(`${radar.url}/app/alerts`);
    await page.getByRole('button', { name: 'Add destination' }).first().click();
    // `npm start` allows the sandbox's Slack origin (SLACK_EXTRA_ORIGINS) next to hooks.slack.com.
    await page.getByLabel('Slack incoming webhook URL').fill(`${radar.sandboxUrl}/slack/services/T000/B000/e2e`);
    await page.getByRole('button', { name: 'Save destination' }).click();
    await page.getByRole('heading', { name: '#sales-signals' }).waitFor();
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText(/Test alert delivered/).waitFor();
    // The new destination also gets live alerts from the running scenario, which can arrive
    // before the test message: look for the test message among everything sent to this hook.
    const testMessages = await until('the test message in the sandbox Slack sink', async () => {
      const body = (await (await fetch(`${radar.sandboxUrl}/_sandbox/slack`)).json()) as { messages: { path: string; body: unknown }[] };
      const ours = body.messages.filter((m) => m.path.includes('/services/T000/B000/e2e')).map((m) => JSON.stringify(m.body));
      const tests = ours.filter((b) => b.includes('Test alert from Intent Radar'));
      return tests.length > 0 ? tests : undefined;
    });
    expect(testMessages).toHaveLength(1); // one click, one test message
  });

  it('renders analytics, billing and settings', async () => {
    await page.goto(`${radar.url}/app/alerts`);
    await page.getByRole('heading', { name: '#sales-signals' }).waitFor();
    await page.getByRole('table').or(page.getByText('Nothing delivered yet.')).first().waitFor();
    await screenshots(page, 'alerts');
    await page.goto(`${radar.url}/app/analytics`);
    await page.getByRole('heading', { name: 'Signals per day' }).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await screenshots(page, 'analytics');
    await page.goto(`${radar.url}/app/billing`);
    await page.getByText(/credits left/).waitFor();
    await screenshots(page, 'billing');
    await page.goto(`${radar.url}/app/settings`);
    await page.getByRole('heading', { name: 'Source health' }).waitFor();
    await page.getByLabel('Company name').waitFor();
    await screenshots(page, 'settings');
  });

  it('switches to another workspace the account belongs to, and back', async () => {
    const signup = await fetch(`${radar.url}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `omar+${Date.now()}@beta-co.com`, password: 'a sturdy passphrase 42', workspaceName: 'Beta Co' }),
    });
    expect(signup.status).toBe(201);
    const beta = ((await signup.json()) as { workspace: { id: string } }).workspace.id;
    // The membership an accepted invitation creates (the invite flow itself: gateway invites.int.test, accept-invite component test).
    await db.pool.query(`INSERT INTO memberships (workspace_id, user_id, role) SELECT $1, id, 'member' FROM users WHERE email LIKE 'dana+%@acme-data.com'`, [beta]);
    const workspaceOfSession = async () => (await (await page.request.get(`${radar.url}/api/v1/me`)).json()) as { workspaceId: string };
    const acme = (await workspaceOfSession()).workspaceId;

    await page.goto(`${radar.url}/app/signals`);
    const picker = page.locator('select[aria-label="Workspace"]:visible');
    await picker.selectOption({ label: 'Beta Co (member)' });
    await page.getByRole('heading', { name: 'Create your first monitor' }).waitFor();
    expect(await picker.inputValue()).toBe(beta);
    expect((await workspaceOfSession()).workspaceId).toBe(beta);
    await screenshots(page, 'workspace-switched');

    await picker.selectOption({ label: 'Acme Data' });
    await page.getByRole('article').first().waitFor();
    expect((await workspaceOfSession()).workspaceId).toBe(acme);
  });
});
