import { lazy, Suspense } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ApiError } from './api/problem.ts';
import { AppShell } from './layout/app-shell.tsx';
import { LandingPage } from './features/landing/landing-page.tsx';
import { AcceptInvitePage, LoginPage, SignupPage } from './features/auth/auth-pages.tsx';
import { FeedPage } from './features/signals/feed-page.tsx';
import { MonitorsPage } from './features/monitors/monitors-page.tsx';
import { AlertsPage } from './features/alerts/alerts-page.tsx';
import { BillingPage } from './features/billing/billing-page.tsx';
import { SettingsPage } from './features/settings/settings-page.tsx';

/** Client errors (4xx) are answers, not blips: only network and 5xx failures are retried. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 15_000, refetchOnWindowFocus: true, retry: (n, err) => n < 2 && !(err instanceof ApiError && err.status < 500) },
    },
  });
}

// Recharts is most of the bundle: load it with the analytics page only.
const AnalyticsPage = lazy(() => import('./features/analytics/analytics-page.tsx').then((m) => ({ default: m.AnalyticsPage })));

const router = createBrowserRouter([
  { path: '/', element: <LandingPage /> },
  { path: '/login', element: <LoginPage /> },
  { path: '/signup', element: <SignupPage /> },
  { path: '/accept-invite', element: <AcceptInvitePage /> },
  {
    path: '/app',
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to="/app/signals" replace /> },
      { path: 'signals', element: <FeedPage /> },
      { path: 'monitors', element: <MonitorsPage /> },
      { path: 'alerts', element: <AlertsPage /> },
      { path: 'analytics', element: <Suspense fallback={<p className="text-sm text-slate-500">Loading charts…</p>}><AnalyticsPage /></Suspense> },
      { path: 'billing', element: <BillingPage /> },
      { path: 'settings', element: <SettingsPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

export function App({ client }: { client: QueryClient }) {
  return (
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
