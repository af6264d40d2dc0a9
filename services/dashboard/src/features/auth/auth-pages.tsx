import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useAcceptInvite, useMe, useSwitchWorkspace } from '../../api/queries.ts';
import { ApiError } from '../../api/problem.ts';
import type { Session } from '../../api/types.ts';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { InlineError } from '../../components/ui/states.tsx';
import { Logo } from '../../layout/logo.tsx';
import { formText } from '../../components/form-text.ts';

/** The password exactly as typed (formText would trim it). */
const passwordOf = (f: FormData) => {
  const v = f.get('password');
  return typeof v === 'string' ? v : '';
};

/** The password field of the forms that create an account (signup, accepting an invitation). */
function NewPasswordField() {
  return (
    <Field label="Password" hint="At least 12 characters; a passphrase works well.">
      {({ id, describedBy }) => <Input id={id} name="password" type="password" autoComplete="new-password" required minLength={12} aria-describedby={describedBy} />}
    </Field>
  );
}

/** Only same-app paths are followed after sign-in (no open redirect). */
const safeNext = (next: string | null) => (next && next.startsWith('/app') && !next.startsWith('//') ? next : '/app/signals');

function AuthFrame({ title, children, footer }: { title: string; children: React.ReactNode; footer: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-slate-50 px-4 py-10">
      <Link to="/" className="mb-8">
        <Logo className="text-xl text-slate-900" />
      </Link>
      <main className="w-full max-w-sm rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-bold text-slate-900">{title}</h1>
        <div className="mt-6">{children}</div>
      </main>
      <p className="mt-6 text-sm text-slate-600">{footer}</p>
    </div>
  );
}

function useAuthSubmit(path: '/auth/login' | '/auth/signup', afterSignup = '/app/monitors?new=1') {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const submit = async (body: Record<string, string>) => {
    setBusy(true);
    setError(null);
    try {
      await api<Session>(path, { method: 'POST', body });
      qc.clear();
      await navigate(path === '/auth/signup' ? afterSignup : safeNext(sp.get('next')), { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

const fieldError = (err: unknown, field: string) => (err instanceof ApiError && err.code === 'validation_failed' && JSON.stringify(err.extensions).includes(`/${field}`) ? `Check the ${field}.` : undefined);

export function LoginPage() {
  const { error, busy, submit } = useAuthSubmit('/auth/login');
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void submit({ email: formText(f, 'email'), password: passwordOf(f) });
  };
  return (
    <AuthFrame title="Sign in" footer={<>New here? <Link to="/signup" className="font-semibold text-indigo-700 underline">Start a free trial</Link></>}>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Work email" error={fieldError(error, 'email')}>
          {({ id, describedBy, invalid }) => <Input id={id} name="email" type="email" autoComplete="email" required aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
        <Field label="Password">{({ id }) => <Input id={id} name="password" type="password" autoComplete="current-password" required />}</Field>
        <InlineError error={error} />
        <Button type="submit" busy={busy} className="w-full">
          Sign in
        </Button>
      </form>
    </AuthFrame>
  );
}

export function SignupPage() {
  const { error, busy, submit } = useAuthSubmit('/auth/signup');
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, string> = { email: formText(f, 'email'), password: passwordOf(f) };
    const name = formText(f, 'name');
    const company = formText(f, 'workspaceName');
    if (name) body.name = name;
    if (company) body.workspaceName = company;
    void submit(body);
  };
  return (
    <AuthFrame title="Start your 7-day free trial" footer={<>Have an account? <Link to="/login" className="font-semibold text-indigo-700 underline">Sign in</Link></>}>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Your name">{({ id }) => <Input id={id} name="name" autoComplete="name" />}</Field>
        <Field label="Company">{({ id }) => <Input id={id} name="workspaceName" autoComplete="organization" />}</Field>
        <Field label="Work email" error={fieldError(error, 'email')}>
          {({ id, describedBy, invalid }) => <Input id={id} name="email" type="email" autoComplete="email" required aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
        <NewPasswordField />
        <InlineError error={error} />
        <Button type="submit" busy={busy} className="w-full">
          Create account
        </Button>
        <p className="text-center text-xs text-slate-500">$129/month after the trial · unlimited seats · cancel any time</p>
      </form>
    </AuthFrame>
  );
}

/**
 * Where an invitation email links to. The token is in the URL fragment, so it never reaches a
 * server log; a new person signs up into the inviting workspace, a signed-in one joins it.
 */
export function AcceptInvitePage() {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const me = useMe();
  const accept = useAcceptInvite();
  const switchTo = useSwitchWorkspace();
  const navigate = useNavigate();
  const { error, busy, submit } = useAuthSubmit('/auth/signup', '/app/signals');
  // A signed-in person lands in the workspace they just joined (the signup path's session already is in it).
  const join = () =>
    accept.mutate(token, {
      onSuccess: ({ workspaceId }) => switchTo.mutate(workspaceId, { onSuccess: () => void navigate('/app/signals', { replace: true }) }),
    });
  if (!token) {
    return (
      <AuthFrame title="Invitation link incomplete" footer={<Link to="/login" className="font-semibold text-indigo-700 underline">Sign in</Link>}>
        <p className="text-sm text-slate-600">Open the link from the invitation email again, or ask for a new invitation.</p>
      </AuthFrame>
    );
  }
  if (me.data) {
    return (
      <AuthFrame title="Join a workspace" footer={<Link to="/app" className="font-semibold text-indigo-700 underline">Back to the app</Link>}>
        {accept.data ? (
          <div className="space-y-4">
            <p role="status" className="text-sm text-emerald-700">
              You joined {accept.data.workspaceName} as {accept.data.role === 'owner' ? 'an owner' : 'a member'}.
            </p>
            <InlineError error={switchTo.error} />
          </div>
        ) : (
          <div className="space-y-4">
            <p className="text-sm text-slate-600">You are signed in. The invitation must be for the email address of this account.</p>
            <InlineError error={accept.error} />
            <Button type="button" busy={accept.isPending} className="w-full" onClick={join}>
              Join workspace
            </Button>
          </div>
        )}
      </AuthFrame>
    );
  }
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, string> = { email: formText(f, 'email'), password: passwordOf(f), inviteToken: token };
    const name = formText(f, 'name');
    if (name) body.name = name;
    void submit(body);
  };
  return (
    <AuthFrame title="Join your team on Intent Radar" footer={<>Have an account? <Link to="/login" className="font-semibold text-indigo-700 underline">Sign in</Link>, then open the link again.</>}>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Your name">{({ id }) => <Input id={id} name="name" autoComplete="name" />}</Field>
        <Field label="Work email" hint="The address the invitation was sent to." error={fieldError(error, 'email')}>
          {({ id, describedBy, invalid }) => <Input id={id} name="email" type="email" autoComplete="email" required aria-describedby={describedBy} aria-invalid={invalid} />}
        </Field>
        <NewPasswordField />
        <InlineError error={error} />
        <Button type="submit" busy={busy} className="w-full">
          Create account and join
        </Button>
      </form>
    </AuthFrame>
  );
}
