import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ProviderError } from '../errors.ts';
import { callProvider, parseAnswer } from './provider-http.ts';

/** The parts of a Bright Data LinkedIn profile record the waterfall reads. */
export interface LinkedinProfile {
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  position: string | null;
  company: string | null;
  location: string | null;
  about: string | null;
  links: string[];
  url: string | null;
}

const triggerSchema = z.object({ snapshot_id: z.string().min(1) });
const progressSchema = z.object({ status: z.enum(['starting', 'running', 'ready', 'failed', 'canceled']), error_codes: z.record(z.string(), z.number()).nullish() });
const recordSchema = z
  .object({
    name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    position: z.string().nullish(),
    city: z.string().nullish(),
    about: z.string().nullish(),
    url: z.string().nullish(),
    current_company: z.object({ name: z.string().nullish() }).nullish(),
    current_company_name: z.string().nullish(),
    bio_links: z.array(z.object({ link: z.string().nullish() })).nullish(),
    error_code: z.string().nullish(),
  })
  .loose();
const snapshotSchema = z.array(recordSchema);

export interface BrightDataOptions {
  baseUrl: string;
  token: string;
  datasetId: string;
  timeoutMs: number;
  /** Give up on a snapshot after this long. Milliseconds. */
  deadlineMs: number;
  /** Wait between progress polls. Milliseconds. */
  pollMs: number;
}

/** Bright Data LinkedIn profile scrape (step 3): trigger, poll progress until a deadline, download. */
export class BrightData {
  constructor(private readonly opts: BrightDataOptions) {}

  get enabled(): boolean {
    return this.opts.token !== '';
  }

  private call(path: string, init: { method?: 'GET' | 'POST'; body?: string; signal?: AbortSignal }) {
    return callProvider({
      provider: 'brightdata',
      url: `${this.opts.baseUrl}${path}`,
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${this.opts.token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: init.body }),
      timeoutMs: this.opts.timeoutMs,
      signal: init.signal,
    });
  }

  /**
   * The profile at a LinkedIn URL, or null when Bright Data reports the page dead. Throws
   * ProviderError (`not_ready`) when the snapshot is not ready by the deadline, after cancelling it.
   * `onWait` runs before every poll (the handler uses it to keep its message alive).
   */
  async scrapeProfile(linkedinUrl: string, opts: { signal?: AbortSignal; onWait?: () => void } = {}): Promise<LinkedinProfile | null> {
    const deadline = Date.now() + this.opts.deadlineMs;
    const params = new URLSearchParams({ dataset_id: this.opts.datasetId, include_errors: 'true', format: 'json' });
    const trig = await this.call(`/datasets/v3/trigger?${params.toString()}`, { method: 'POST', body: JSON.stringify([{ url: linkedinUrl }]), signal: opts.signal });
    if (trig.status !== 200) throw new ProviderError('brightdata', 'bad_response', `trigger answered HTTP ${trig.status}`, trig.status);
    const id = parseAnswer('brightdata', trig, triggerSchema).snapshot_id;
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new ProviderError('brightdata', 'bad_response', 'snapshot id has an unexpected form');

    while (Date.now() < deadline) {
      opts.onWait?.();
      const progress = await this.call(`/datasets/v3/progress/${id}`, { signal: opts.signal });
      if (progress.status !== 200) throw new ProviderError('brightdata', 'bad_response', `progress answered HTTP ${progress.status}`, progress.status);
      const p = parseAnswer('brightdata', progress, progressSchema);
      switch (p.status) {
        case 'ready': {
          const records = await this.download(id, opts.signal);
          if (records) return toProfile(records);
          break; // 202: the snapshot lags the progress report; poll again
        }
        case 'failed': {
          const codes = Object.keys(p.error_codes ?? {});
          if (codes.length > 0 && codes.every((c) => c === 'dead_page')) return null;
          throw new ProviderError('brightdata', 'snapshot_failed', `snapshot failed (${codes.join(', ') || 'no error code'})`);
        }
        case 'canceled':
          throw new ProviderError('brightdata', 'snapshot_failed', 'snapshot was canceled');
        case 'starting':
        case 'running':
          break;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await sleep(Math.min(this.opts.pollMs, left), undefined, opts.signal ? { signal: opts.signal } : {}).catch(() => undefined);
      if (opts.signal?.aborted) throw new ProviderError('brightdata', 'timeout', 'cancelled (shutdown)');
    }
    // Stop paying for a collection nobody will read; failure to cancel changes nothing for us.
    await this.call(`/datasets/v3/snapshot/${id}/cancel`, { method: 'POST' }).catch(() => undefined);
    throw new ProviderError('brightdata', 'not_ready', `snapshot not ready within ${this.opts.deadlineMs} ms`);
  }

  private async download(id: string, signal?: AbortSignal): Promise<z.infer<typeof snapshotSchema> | null> {
    const answer = await this.call(`/datasets/v3/snapshot/${id}?format=json`, { signal });
    if (answer.status === 202) return null;
    if (answer.status !== 200) throw new ProviderError('brightdata', 'bad_response', `snapshot answered HTTP ${answer.status}`, answer.status);
    return parseAnswer('brightdata', answer, snapshotSchema);
  }
}

function toProfile(records: z.infer<typeof snapshotSchema>): LinkedinProfile | null {
  const r = records.find((x) => !x.error_code);
  if (!r) return null;
  return {
    name: r.name ?? null,
    firstName: r.first_name ?? null,
    lastName: r.last_name ?? null,
    position: r.position ?? null,
    company: r.current_company?.name ?? r.current_company_name ?? null,
    location: r.city ?? null,
    about: r.about ?? null,
    links: (r.bio_links ?? []).map((l) => l.link).filter((l): l is string => !!l),
    url: r.url ?? null,
  };
}
