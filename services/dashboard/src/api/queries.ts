import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api, switchWorkspace } from './client.ts';
import { filtersToSearch, type FeedFilters } from '../features/signals/feed-filters-url.ts';
import type {
  ApiKey,
  EnrichOutcome,
  Delivery,
  Destination,
  FeedPage,
  Me,
  Invite,
  Member,
  Monitor,
  MonitorInput,
  OutreachDraft,
  Preview,
  Signal,
  SignalDetail,
  SignalStatus,
  SourceHealth,
  Stats,
  Usage,
  TestResult,
  Workspace,
} from './types.ts';

/** Query keys in one place so invalidation and live updates hit the same entries. */
export const keys = {
  me: ['me'] as const,
  feed: (f: FeedFilters) => ['signals', 'feed', f] as const,
  feeds: ['signals', 'feed'] as const,
  signal: (id: string) => ['signals', 'detail', id] as const,
  draft: (id: string) => ['signals', 'draft', id] as const,
  enrichOutcome: (id: string) => ['signals', 'enrich-outcome', id] as const,
  monitors: ['monitors'] as const,
  monitorCount: (id: string) => ['monitors', 'count', id] as const,
  destinations: ['destinations'] as const,
  deliveries: ['deliveries'] as const,
  workspace: ['workspace'] as const,
  usage: ['usage'] as const,
  stats: (days: number) => ['stats', days] as const,
  allStats: ['stats'] as const,
  apiKeys: ['api-keys'] as const,
  members: ['members'] as const,
  invites: ['invites'] as const,
  sourceHealth: ['source-health'] as const,
  recent: ['signals', 'recent'] as const,
};

export const FEED_PAGE_SIZE = 20;

export const useMe = () => useQuery({ queryKey: keys.me, queryFn: () => api<Me>('/me'), retry: false, staleTime: 60_000 });

/** The filtered feed, newest first, one cursor page at a time (infinite scroll). */
export function useFeed(filters: FeedFilters) {
  return useInfiniteQuery({
    queryKey: keys.feed(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const search = filtersToSearch(filters);
      search.set('limit', String(FEED_PAGE_SIZE));
      if (pageParam) search.set('cursor', pageParam);
      return api<FeedPage>(`/signals?${search.toString()}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
    // The list never reorders under the reader: arrivals wait behind the "new signals" pill and
    // status changes are patched in place, so no background refetch.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export const useSignal = (id: string | null, enabled = true) =>
  useQuery({ queryKey: keys.signal(id ?? ''), queryFn: ({ signal }) => api<SignalDetail>(`/signals/${id}`, { signal }), enabled: enabled && !!id, staleTime: 30_000 });

export const useDraft = (id: string, enabled: boolean) =>
  useQuery({ queryKey: keys.draft(id), queryFn: () => api<OutreachDraft>(`/signals/${id}/outreach-draft`), enabled, staleTime: Infinity });

/** Applies a changed signal to every cached feed page and its detail, without refetching. */
export function usePatchSignalCache() {
  const qc = useQueryClient();
  return (id: string, patch: Partial<Signal>) => {
    qc.setQueriesData<InfiniteData<FeedPage>>({ queryKey: keys.feeds }, (data) =>
      data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((s) => (s.id === id ? { ...s, ...patch } : s)) })) } : data,
    );
    qc.setQueryData<SignalDetail>(keys.signal(id), (d) => (d ? { ...d, ...patch } : d));
  };
}

/** The status a signal has in the cache now (detail first, then any feed page). */
function cachedStatus(qc: ReturnType<typeof useQueryClient>, id: string): SignalStatus | undefined {
  const detail = qc.getQueryData<SignalDetail>(keys.signal(id));
  if (detail) return detail.status;
  for (const [, data] of qc.getQueriesData<InfiniteData<FeedPage>>({ queryKey: keys.feeds })) {
    const found = data?.pages.flatMap((p) => p.items).find((s) => s.id === id);
    if (found) return found.status;
  }
  return undefined;
}

/** Marks a signal contacted/archived/new at once in the UI; puts the old status back if the API refuses. */
export function useSetStatus() {
  const qc = useQueryClient();
  const patch = usePatchSignalCache();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: SignalStatus }) => api<Signal>(`/signals/${id}`, { method: 'PATCH', body: { status } }),
    onMutate: ({ id, status }) => {
      const previous = cachedStatus(qc, id);
      patch(id, { status });
      return { previous };
    },
    onError: (_err, { id }, context) => {
      if (context?.previous) patch(id, { status: context.previous });
    },
    onSuccess: (s) => patch(s.id, s),
  });
}

export function useEnrich() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ requestId: string }>(`/signals/${id}/enrich`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.workspace }),
  });
}

/** The last enrichment outcome the live stream reported for a signal (also when nothing was found or charged). */
export const useEnrichOutcome = (id: string) =>
  useQuery<EnrichOutcome | null>({ queryKey: keys.enrichOutcome(id), queryFn: () => null, enabled: false, staleTime: Infinity });

export const useMonitors = () => useQuery({ queryKey: keys.monitors, queryFn: () => api<{ items: Monitor[] }>('/monitors').then((r) => r.items) });

/** Signals per monitor (counted from the feed, capped at 200 - shown as "200+"). */
export const useMonitorCount = (id: string) =>
  useQuery({
    queryKey: keys.monitorCount(id),
    queryFn: () => api<FeedPage>(`/signals?monitorId=${id}&limit=200`).then((p) => ({ count: p.items.length, more: p.nextCursor !== null })),
    staleTime: 60_000,
  });

export function useSaveMonitor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: MonitorInput }) =>
      id ? api<Monitor>(`/monitors/${id}`, { method: 'PATCH', body: input }) : api<Monitor>('/monitors', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.monitors }),
  });
}

export function useDeleteMonitor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/monitors/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.monitors }),
  });
}

export const usePreview = () =>
  useMutation({ mutationFn: (body: { query: string; platforms: string[] }) => api<Preview>('/monitors/preview', { method: 'POST', body: { ...body, days: 7, limit: 10 } }) });

export const useDestinations = () =>
  useQuery({ queryKey: keys.destinations, queryFn: () => api<{ items: Destination[] }>('/destinations').then((r) => r.items) });

export function useSaveDestination() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Destination>('/destinations', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.destinations }),
  });
}

export function usePatchDestination() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) => api<Destination>(`/destinations/${id}`, { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.destinations }),
  });
}

export function useDeleteDestination() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/destinations/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.destinations }),
  });
}

export function useTestDestination() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<TestResult>(`/destinations/${id}/test`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.deliveries }),
  });
}

export const useDeliveries = () =>
  useQuery({ queryKey: keys.deliveries, queryFn: () => api<{ items: Delivery[] }>('/deliveries?limit=50').then((r) => r.items), refetchInterval: 30_000 });

export const useWorkspace = () => useQuery({ queryKey: keys.workspace, queryFn: () => api<Workspace>('/workspace') });

export function useSaveWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<Pick<Workspace, 'name' | 'company'>>) => api<Workspace>('/workspace', { method: 'PATCH', body }),
    onSuccess: (ws) => qc.setQueryData(keys.workspace, ws),
  });
}

export const useUsage = () => useQuery({ queryKey: keys.usage, queryFn: () => api<Usage>('/usage') });
export const useStats = (days: number) => useQuery({ queryKey: keys.stats(days), queryFn: () => api<Stats>(`/stats?days=${days}`) });

/** The most recent signals, for the score histogram on the analytics page. */
export const useRecentSignals = () =>
  useQuery({ queryKey: keys.recent, queryFn: () => api<FeedPage>('/signals?limit=200&status=all').then((p) => p.items), staleTime: 60_000 });

export const useApiKeys = () => useQuery({ queryKey: keys.apiKeys, queryFn: () => api<{ items: ApiKey[] }>('/api-keys').then((r) => r.items) });

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scopes: string[] }) => api<ApiKey>('/api-keys', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/api-keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

export const useMembers = () => useQuery({ queryKey: keys.members, queryFn: () => api<{ items: Member[] }>('/members').then((r) => r.items) });

export function useRemoveMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/members/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.members }),
  });
}

/** Pending invitations; owners only (the API refuses members), so callers pass `enabled`. */
export const useInvites = (enabled: boolean) =>
  useQuery({ queryKey: keys.invites, queryFn: () => api<{ items: Invite[] }>('/invites').then((r) => r.items), enabled });

export function useCreateInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: 'owner' | 'member' }) => api<Invite>('/invites', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.invites }),
  });
}

export function useRevokeInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/invites/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.invites }),
  });
}

export function useAcceptInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api<{ workspaceId: string; workspaceName: string; role: 'owner' | 'member' }>('/invites/accept', { method: 'POST', body: { token } }),
    // /me lists the workspaces this account belongs to.
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.me }),
  });
}

/** Moves this session to another workspace of the account; every cached answer belonged to the old one, so all are refetched. */
export function useSwitchWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (workspaceId: string) => switchWorkspace(workspaceId),
    onSuccess: () => qc.resetQueries(),
  });
}

export const useSourceHealth = () =>
  useQuery({ queryKey: keys.sourceHealth, queryFn: () => api<{ items: SourceHealth[] }>('/source-health').then((r) => r.items), refetchInterval: 60_000 });

export const useBillingRedirect = (kind: 'checkout' | 'portal') =>
  useMutation({ mutationFn: () => api<{ url: string }>(`/billing/${kind}`, { method: 'POST' }), onSuccess: ({ url }) => window.location.assign(url) });
