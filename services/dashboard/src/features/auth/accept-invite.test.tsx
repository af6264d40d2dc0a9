import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forgetSession, renderWithProviders } from '../../test-render.tsx';
import { AcceptInvitePage } from './auth-pages.tsx';

const json = (status: number, body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
const unauthenticated = { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthenticated' };

/** fetch stub: /me answers `me`; every other call is recorded and answered `answer`. */
function stubApi(me: { status: number; body: unknown }, answer: unknown) {
  const calls: { url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      if (url.endsWith('/me')) return json(me.status, me.body);
      calls.push({ url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : null });
      return json(200, answer);
    }),
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  window.location.hash = '';
  forgetSession();
});

describe('AcceptInvitePage', () => {
  it('signs a new person up into the inviting workspace with the token from the link fragment', async () => {
    window.location.hash = '#token=inv_abc123';
    const calls = stubApi({ status: 401, body: unauthenticated }, { user: {}, workspace: {} });
    renderWithProviders(<AcceptInvitePage />, '/accept-invite');
    fireEvent.change(await screen.findByLabelText(/work email/i), { target: { value: 'new@example.com' } });
    fireEvent.change(screen.getByLabelText(/^password/i), { target: { value: 'a sturdy passphrase 42' } });
    fireEvent.click(screen.getByRole('button', { name: /create account and join/i }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.url).toMatch(/\/auth\/signup$/);
    expect(calls[0]!.body).toMatchObject({ email: 'new@example.com', inviteToken: 'inv_abc123' });
  });

  it('lets a signed-in person join with one click and lands them in the joined workspace', async () => {
    window.location.hash = '#token=inv_xyz';
    document.cookie = 'ir_csrf=csrf-1';
    const calls = stubApi({ status: 200, body: { userId: 'u', workspaceId: 'w', role: 'owner', workspaces: [] } }, { workspaceId: 'w2', workspaceName: 'Acme', role: 'member' });
    const Where = () => <p>at {useLocation().pathname}</p>;
    renderWithProviders(
      <Routes>
        <Route path="/accept-invite" element={<AcceptInvitePage />} />
        <Route path="/app/signals" element={<Where />} />
      </Routes>,
      '/accept-invite',
    );
    fireEvent.click(await screen.findByRole('button', { name: /join workspace/i }));
    expect((await screen.findByText(/^at /)).textContent).toBe('at /app/signals');
    expect(calls[0]).toMatchObject({ body: { token: 'inv_xyz' } });
    expect(calls[0]!.url).toMatch(/\/invites\/accept$/);
    // The session is re-issued for the invited workspace (not the account's earliest one).
    expect(calls[1]!.url).toMatch(/\/auth\/refresh\?workspaceId=w2$/);
    expect(localStorage.getItem('ir_workspace')).toBe('w2');
  });

  it('explains a link without a token', () => {
    stubApi({ status: 401, body: unauthenticated }, {});
    renderWithProviders(<AcceptInvitePage />, '/accept-invite');
    expect(screen.getByRole('heading', { name: /invitation link incomplete/i }).textContent).toBe('Invitation link incomplete');
  });
});
