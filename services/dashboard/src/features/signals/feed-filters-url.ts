import { PLATFORMS, STAGES, type Platform, type Stage } from '../../api/types.ts';

export type StatusFilter = 'open' | 'new' | 'contacted' | 'archived' | 'all';

/** The feed's filters as they live in the URL (shareable, survive reload and back/forward). */
export interface FeedFilters {
  platform?: Platform;
  minScore?: number;
  stage?: Stage;
  status?: StatusFilter;
  monitorId?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  q?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'new', 'contacted', 'archived', 'all'];

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | undefined => (v !== null && (list as readonly string[]).includes(v) ? (v as T) : undefined);

/** Reads filters from URL search params, dropping anything malformed (URLs are user input). */
export function filtersFromUrl(sp: URLSearchParams): FeedFilters {
  const f: FeedFilters = {};
  const platform = oneOf(PLATFORMS, sp.get('platform'));
  if (platform) f.platform = platform;
  const min = Number(sp.get('minScore'));
  if (Number.isInteger(min) && min >= 1 && min <= 10) f.minScore = min;
  const stage = oneOf(STAGES, sp.get('stage'));
  if (stage) f.stage = stage;
  const status = oneOf(STATUS_FILTERS, sp.get('status'));
  if (status && status !== 'open') f.status = status;
  const monitorId = sp.get('monitorId');
  if (monitorId && UUID.test(monitorId)) f.monitorId = monitorId;
  const from = sp.get('from');
  if (from && DAY.test(from)) f.from = from;
  const to = sp.get('to');
  if (to && DAY.test(to)) f.to = to;
  const q = sp.get('q')?.trim();
  if (q) f.q = q.slice(0, 200);
  return f;
}

/** Writes filters into URL search params, keeping unrelated params (e.g. the open signal). */
export function filtersToUrl(f: FeedFilters, base: URLSearchParams): URLSearchParams {
  const sp = new URLSearchParams(base);
  for (const k of ['platform', 'minScore', 'stage', 'status', 'monitorId', 'from', 'to', 'q']) sp.delete(k);
  if (f.platform) sp.set('platform', f.platform);
  if (f.minScore) sp.set('minScore', String(f.minScore));
  if (f.stage) sp.set('stage', f.stage);
  if (f.status && f.status !== 'open') sp.set('status', f.status);
  if (f.monitorId) sp.set('monitorId', f.monitorId);
  if (f.from) sp.set('from', f.from);
  if (f.to) sp.set('to', f.to);
  if (f.q) sp.set('q', f.q);
  return sp;
}

/** The API's query string for these filters (dates become the local day's bounds). */
export function filtersToSearch(f: FeedFilters): URLSearchParams {
  const sp = new URLSearchParams();
  if (f.platform) sp.set('platform', f.platform);
  if (f.minScore) sp.set('minScore', String(f.minScore));
  if (f.stage) sp.set('stage', f.stage);
  if (f.status) sp.set('status', f.status);
  if (f.monitorId) sp.set('monitorId', f.monitorId);
  if (f.from) sp.set('from', new Date(`${f.from}T00:00:00`).toISOString());
  if (f.to) sp.set('to', new Date(`${f.to}T23:59:59.999`).toISOString());
  if (f.q) sp.set('q', f.q);
  return sp;
}

export const activeFilterCount = (f: FeedFilters) => Object.values(f).filter((v) => v !== undefined && v !== '').length;
