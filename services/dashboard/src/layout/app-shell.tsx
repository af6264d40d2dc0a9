import { useEffect, useRef } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { BarChart3, Bell, CreditCard, LogOut, Radar, Rss, Settings } from 'lucide-react';
import { api, isUnauthenticated } from '../api/client.ts';
import { useMe, useWorkspace } from '../api/queries.ts';
import { rememberWorkspace } from '../api/workspace-choice.ts';
import { cn } from '../components/ui/class-names.ts';
import { Skeleton } from '../components/ui/card.tsx';
import { ErrorState } from '../components/ui/states.tsx';
import { Logo } from './logo.tsx';
import { WorkspaceSwitcher } from './workspace-switcher.tsx';

const NAV = [
  { to: '/app/signals', label: 'Signals', icon: Rss },
  { to: '/app/monitors', label: 'Monitors', icon: Radar },
  { to: '/app/alerts', label: 'Alerts', icon: Bell },
  { to: '/app/analytics', label: 'Analytics', icon: BarChart3 },
  { to: '/app/billing', label: 'Billing', icon: CreditCard },
  { to: '/app/settings', label: 'Settings', icon: Settings },
];

function TrialBanner() {
  const ws = useWorkspace();
  const plan = ws.data?.plan;
  if (!plan || plan.status !== 'trial' || !plan.trialEndsAt) return null;
  const days = Math.max(0, Math.ceil((new Date(plan.trialEndsAt).getTime() - Date.now()) / 86_400_000));
  return (
    <div className="mb-6 rounded-lg bg-indigo-600 px-4 py-2 text-center text-xs text-white sm:text-sm">
      Free trial: {days} day{days === 1 ? '' : 's'} left ·{' '}
      <NavLink to="/app/billing" className="font-semibold underline">
        Subscribe for $129/month
      </NavLink>
    </div>
  );
}

/** Signed-in layout: sidebar on desktop, top bar with a scrolling tab row on phones. */
export function AppShell() {
  const me = useMe();
  const ws = useWorkspace();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const workspaceId = me.data?.workspaceId;
  // The last known one, so the refetch during a switch (me briefly empty) does not remount the page twice.
  const shownWorkspace = useRef<string | undefined>(undefined);
  if (workspaceId) shownWorkspace.current = workspaceId;
  // The session's workspace is the truth (a sign-in lands in the earliest one): refreshes keep it.
  useEffect(() => {
    if (workspaceId) rememberWorkspace(workspaceId);
  }, [workspaceId]);

  if (me.error && isUnauthenticated(me.error)) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (me.error) return <div className="p-6"><ErrorState error={me.error} onRetry={() => void me.refetch()} /></div>;

  const logout = async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    rememberWorkspace(undefined);
    qc.clear();
    await navigate('/login');
  };
  const link = ({ isActive }: { isActive: boolean }) =>
    cn(
      'flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-indigo-600',
      isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-700 hover:bg-slate-100',
    );

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="fixed inset-y-0 left-0 z-30 hidden w-60 flex-col border-r border-slate-200 bg-white px-3 py-5 lg:flex">
        <NavLink to="/app/signals" className="px-3">
          <Logo className="text-slate-900" />
        </NavLink>
        <nav aria-label="Main" className="mt-8 flex flex-1 flex-col gap-1">
          {NAV.map(({ to, label, icon: Icon }) => (
            <NavLink key={to} to={to} className={link}>
              <Icon aria-hidden className="size-4" /> {label}
            </NavLink>
          ))}
        </nav>
        <div className="border-t border-slate-100 px-3 pt-4 text-xs text-slate-500">
          {(me.data?.workspaces.length ?? 0) > 1 ? <WorkspaceSwitcher /> : <p className="truncate font-medium text-slate-800">{ws.data?.name ?? '\u00a0'}</p>}
          <button type="button" onClick={() => void logout()} className="mt-2 inline-flex items-center gap-1.5 rounded text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
            <LogOut aria-hidden className="size-3.5" /> Sign out
          </button>
        </div>
      </aside>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur lg:hidden">
        <div className="flex h-12 items-center justify-between px-4">
          <Logo className="text-slate-900" />
          <WorkspaceSwitcher className="ml-auto mr-2 max-w-[45%]" />
          <button type="button" onClick={() => void logout()} aria-label="Sign out" className="rounded p-2 text-slate-600 hover:bg-slate-100">
            <LogOut aria-hidden className="size-4" />
          </button>
        </div>
        <nav aria-label="Main" className="flex gap-1 overflow-x-auto px-2 pb-2">
          {NAV.map(({ to, label, icon: Icon }) => (
            <NavLink key={to} to={to} className={link}>
              <Icon aria-hidden className="size-4" /> {label}
            </NavLink>
          ))}
        </nav>
      </header>
      <main id="main" className="px-4 py-6 sm:px-6 lg:ml-60 lg:px-10 lg:py-8">
        <div className="mx-auto max-w-5xl">
          <TrialBanner />
          {/* Keyed by workspace: a switch remounts the page, which reopens the live stream with the new session.
              Not shown before the session is known: a page first mounted under a placeholder key was
              remounted when it arrived, and what was typed in it (a new monitor after sign-up) was lost. */}
          {shownWorkspace.current ? <Outlet key={shownWorkspace.current} /> : <Skeleton className="h-40 w-full" />}
        </div>
      </main>
    </div>
  );
}
