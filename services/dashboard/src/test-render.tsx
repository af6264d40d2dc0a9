import type { ReactElement } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';

/** Renders with a fresh query client (no retries) inside a router at `url`. */
export function renderWithProviders(ui: ReactElement, url = '/') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[url]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

/** Forgets what a test's session left in the browser: the CSRF cookie and the remembered workspace. */
export function forgetSession() {
  document.cookie = 'ir_csrf=; max-age=0';
  localStorage.clear();
}
