import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetSession, renderWithProviders } from '../test-render.tsx';
import { useMe } from '../api/queries.ts';
import { WorkspaceSwitcher } from './workspace-switcher.tsx';

const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
const notAMember = { type: 'about:blank', title: 'Forbidden', status: 403, code: 'not_a_member', detail: 'this account is not a member of that workspace' };

/** A gateway in miniature: /me answers the session's workspace; refresh switches only into memberships. */
function stubGateway(workspaces: { id: string; name: string; role: 'owner' | 'member' }[]) {
  let current = workspaces[0]!.id;
  const refreshes: { url: string; csrf: string | undefined }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      if (url.endsWith('/me')) return json(200, { userId: 'u', apiKeyId: null, workspaceId: current, role: 'owner', scopes: ['read', 'write'], workspaces });
      const m = /\/auth\/refresh\?workspaceId=(.+)$/.exec(url);
      if (m) {
        refreshes.push({ url, csrf: (init?.headers as Record<string, string>)['x-csrf-token'] });
        if (!workspaces.some((w) => w.id === m[1])) return json(403, notAMember);
        current = m[1]!;
        return json(200, { workspace: workspaces.find((w) => w.id === current) });
      }
      return json(404, { status: 404, code: 'not_found' });
    }),
  );
  return { refreshes, current: () => current };
}

/** Signed in (CSRF cookie set) with an own workspace "wa" and a membership "wb"; the switcher shown at `url`. */
async function renderTwoWorkspaces(url: string) {
  document.cookie = 'ir_csrf=csrf-1';
  const gw = stubGateway([
    { id: 'wa', name: 'Own', role: 'owner' },
    { id: 'wb', name: 'Acme', role: 'member' },
  ]);
  renderWithProviders(<WorkspaceSwitcher />, url);
  const select = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Workspace' });
  return { gw, select };
}

afterEach(() => {
  vi.unstubAllGlobals();
  forgetSession();
});

describe('WorkspaceSwitcher', () => {
  it('re-issues the session for the chosen workspace and shows it once /me agrees', async () => {
    const { gw, select } = await renderTwoWorkspaces('/app/signals?signal=s1');
    expect(select.value).toBe('wa');
    expect([...select.options].map((o) => o.textContent)).toEqual(['Own', 'Acme (member)']);
    fireEvent.change(select, { target: { value: 'wb' } });
    await waitFor(() => expect(gw.refreshes).toHaveLength(1));
    expect(gw.refreshes[0]).toEqual({ url: '/api/v1/auth/refresh?workspaceId=wb', csrf: 'csrf-1' });
    // /me is refetched after the switch (every cached answer belonged to the old workspace).
    await waitFor(() => expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Workspace' }).value).toBe('wb'));
    expect(localStorage.getItem('ir_workspace')).toBe('wb');
  });

  it('shows the refusal and stays put when the gateway says the account is not a member', async () => {
    const { gw, select } = await renderTwoWorkspaces('/app/signals');
    // A workspace the account left since /me was loaded: the option is stale, the gateway refuses.
    const stale = document.createElement('option');
    stale.value = 'wz';
    select.append(stale);
    fireEvent.change(select, { target: { value: 'wz' } });
    expect((await screen.findByRole('alert')).textContent).toContain('not a member');
    expect(gw.current()).toBe('wa');
    expect(localStorage.getItem('ir_workspace')).toBeNull();
  });

  it('renders nothing for an account with one workspace', async () => {
    const gw = stubGateway([{ id: 'wa', name: 'Own', role: 'owner' }]);
    const Loaded = () => <p>{useMe().data ? 'me loaded' : 'loading'}</p>;
    renderWithProviders(
      <>
        <Loaded />
        <WorkspaceSwitcher />
      </>,
      '/app/signals',
    );
    await screen.findByText('me loaded');
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(gw.refreshes).toEqual([]);
  });
});
