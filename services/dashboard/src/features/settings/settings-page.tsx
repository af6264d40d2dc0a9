import { useState, type FormEvent } from 'react';
import { KeyRound, Trash2, UserPlus } from 'lucide-react';
import { useApiKeys, useCreateApiKey, useCreateInvite, useInvites, useMe, useMembers, useRemoveMember, useRevokeApiKey, useRevokeInvite, useSaveWorkspace, useSourceHealth, useWorkspace } from '../../api/queries.ts';
import type { SourceHealth, Workspace } from '../../api/types.ts';
import { Button } from '../../components/ui/button.tsx';
import { Badge, Card, CardHeader, Skeleton } from '../../components/ui/card.tsx';
import { Field, Input, Textarea } from '../../components/ui/field.tsx';
import { ErrorState, InlineError } from '../../components/ui/states.tsx';
import { PlatformTag } from '../../components/platform.tsx';
import { formatDate, timeAgo } from '../../components/time-ago.ts';
import { PageHeader } from '../../layout/page-header.tsx';
import { CopyButton } from '../signals/copy-button.tsx';
import { formText } from '../../components/form-text.ts';

function CompanyForm({ ws }: { ws: Workspace }) {
  const save = useSaveWorkspace();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => formText(f, k);
    const company: Record<string, string> = {};
    for (const k of ['companyName', 'website', 'productDescription', 'idealCustomer']) if (get(k)) company[k] = get(k);
    save.mutate({ name: get('name') || ws.name, company });
  };
  return (
    <form onSubmit={submit} className="grid gap-4 p-5 sm:grid-cols-2">
      <Field label="Workspace name">{({ id }) => <Input id={id} name="name" defaultValue={ws.name} maxLength={200} />}</Field>
      <Field label="Company name">{({ id }) => <Input id={id} name="companyName" defaultValue={ws.company.companyName ?? ''} maxLength={200} />}</Field>
      <Field label="Website">{({ id }) => <Input id={id} name="website" type="url" defaultValue={ws.company.website ?? ''} placeholder="https://" />}</Field>
      <Field label="Ideal customer">{({ id }) => <Input id={id} name="idealCustomer" defaultValue={ws.company.idealCustomer ?? ''} maxLength={1000} placeholder="B2B SaaS sales teams of 5–50" />}</Field>
      <Field label="What you sell" hint="Used in outreach drafts." className="sm:col-span-2">
        {({ id, describedBy }) => <Textarea id={id} name="productDescription" rows={3} defaultValue={ws.company.productDescription ?? ''} maxLength={1000} aria-describedby={describedBy} />}
      </Field>
      <div className="flex items-center gap-3 sm:col-span-2">
        <Button type="submit" busy={save.isPending}>
          Save
        </Button>
        {save.isSuccess && <span role="status" className="text-sm text-emerald-700">Saved</span>}
        <InlineError error={save.error} />
      </div>
    </form>
  );
}

function ApiKeys() {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [write, setWrite] = useState(false);
  return (
    <Card>
      <CardHeader title="API keys" description="For the REST API and internal tools. A key is shown once." />
      <div className="space-y-4 p-5">
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name: name.trim(), scopes: write ? ['read', 'write'] : ['read'] }, { onSuccess: () => setName('') });
          }}
        >
          <Field label="Key name" className="min-w-48 flex-1">
            {({ id }) => <Input id={id} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} placeholder="CRM sync" />}
          </Field>
          <label className="flex h-10 items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={write} onChange={(e) => setWrite(e.target.checked)} className="accent-indigo-600" /> Write access
          </label>
          <Button type="submit" busy={create.isPending} disabled={!name.trim()}>
            <KeyRound aria-hidden className="size-4" /> Create key
          </Button>
        </form>
        <InlineError error={create.error ?? revoke.error} />
        {create.data?.key && (
          <div role="status" className="flex flex-wrap items-center gap-2 rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm">
            <span className="text-emerald-900">Copy it now — it will not be shown again:</span>
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs">{create.data.key}</code>
            <CopyButton text={create.data.key} />
          </div>
        )}
        {keys.isLoading && <Skeleton className="h-16" />}
        {keys.error && <ErrorState error={keys.error} />}
        <ul className="divide-y divide-slate-100">
          {keys.data?.map((k) => (
            <li key={k.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
              <span className="font-medium text-slate-900">{k.name}</span>
              <code className="text-xs text-slate-500">{k.prefix}…</code>
              <span className="text-xs text-slate-500">{k.scopes.join(' + ')}</span>
              <span className="text-xs text-slate-500">{k.lastUsedAt ? `used ${timeAgo(k.lastUsedAt)}` : 'never used'}</span>
              {k.revokedAt ? (
                <Badge className="ml-auto bg-slate-100 text-slate-600">revoked</Badge>
              ) : (
                <Button variant="danger" size="sm" className="ml-auto" onClick={() => revoke.mutate(k.id)}>
                  Revoke
                </Button>
              )}
            </li>
          ))}
          {keys.data?.length === 0 && <li className="py-2 text-sm text-slate-500">No keys yet.</li>}
        </ul>
      </div>
    </Card>
  );
}

function Members() {
  const me = useMe();
  const members = useMembers();
  const owner = me.data?.role === 'owner';
  const invites = useInvites(owner);
  const invite = useCreateInvite();
  const revokeInvite = useRevokeInvite();
  const remove = useRemoveMember();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader title="Team" description="Seats are unlimited. Invitations are emailed; the link works once and expires after 7 days." />
      <div className="space-y-4 p-5">
        {owner && (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const to = email.trim();
              invite.mutate(
                { email: to, role: 'member' },
                {
                  onSuccess: () => {
                    setEmail('');
                    setSentTo(to);
                  },
                },
              );
            }}
          >
            <Field label="Email" className="min-w-48 flex-1">
              {({ id }) => <Input id={id} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />}
            </Field>
            <Button type="submit" busy={invite.isPending} disabled={!email.trim()}>
              <UserPlus aria-hidden className="size-4" /> Invite
            </Button>
          </form>
        )}
        {sentTo && (
          <p role="status" className="text-sm text-emerald-700">
            Invitation sent to {sentTo}.
          </p>
        )}
        <InlineError error={invite.error ?? revokeInvite.error ?? remove.error} />
        {members.isLoading && <Skeleton className="h-16" />}
        {members.error && <ErrorState error={members.error} />}
        <ul className="divide-y divide-slate-100">
          {members.data?.map((m) => (
            <li key={m.userId} className="flex flex-wrap items-center gap-3 py-2 text-sm">
              <span className="font-medium text-slate-900">{m.name ?? m.email}</span>
              {m.name && <span className="text-slate-500">{m.email}</span>}
              <Badge className={m.role === 'owner' ? 'bg-indigo-50 text-indigo-700' : 'bg-slate-100 text-slate-700'}>{m.role}</Badge>
              <span className="text-xs text-slate-500">since {formatDate(m.joinedAt)}</span>
              {owner && m.userId !== me.data?.userId && (
                <Button variant="ghost" size="sm" className="ml-auto" aria-label={`Remove ${m.email}`} onClick={() => remove.mutate(m.userId)}>
                  <Trash2 aria-hidden className="size-4" />
                </Button>
              )}
            </li>
          ))}
        </ul>
        {owner && (invites.data?.length ?? 0) > 0 && (
          <section aria-labelledby="pending-invites-h">
            <h3 id="pending-invites-h" className="text-sm font-semibold text-slate-900">
              Pending invitations
            </h3>
            <ul className="divide-y divide-slate-100">
              {invites.data?.map((i) => (
                <li key={i.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
                  <span className="text-slate-900">{i.email}</span>
                  <Badge className="bg-amber-50 text-amber-700">invited</Badge>
                  <span className="text-xs text-slate-500">expires {formatDate(i.expiresAt)}</span>
                  <Button variant="ghost" size="sm" className="ml-auto" aria-label={`Revoke the invitation to ${i.email}`} onClick={() => revokeInvite.mutate(i.id)}>
                    <Trash2 aria-hidden className="size-4" />
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </Card>
  );
}

function healthOf(h: SourceHealth): { label: string; tone: string; detail: string } {
  if (!h.known || !h.health) return { label: 'no data', tone: 'bg-slate-100 text-slate-600', detail: 'Not polled yet.' };
  const ok = typeof h.health.lastSuccessAt === 'string' ? h.health.lastSuccessAt : null;
  const errAt = typeof h.health.lastErrorAt === 'string' ? h.health.lastErrorAt : null;
  const err = typeof h.health.lastError === 'string' ? h.health.lastError : null;
  const failing = errAt !== null && (ok === null || errAt > ok);
  return {
    label: failing ? 'failing' : 'healthy',
    tone: failing ? 'bg-red-50 text-red-700' : 'bg-emerald-50 text-emerald-700',
    detail: [ok && `last success ${timeAgo(ok)}`, failing && err && `last error: ${err}`].filter(Boolean).join(' · ') || 'Waiting for the first poll.',
  };
}

function SourceHealthCard() {
  const health = useSourceHealth();
  return (
    <Card>
      <CardHeader title="Source health" description="Whether each platform is being read right now." />
      <div className="p-5">
        {health.isLoading && <Skeleton className="h-24" />}
        {health.error && <ErrorState error={health.error} />}
        <ul className="grid gap-3 sm:grid-cols-2">
          {health.data?.map((h) => {
            const s = healthOf(h);
            return (
              <li key={h.platform} className="rounded-lg border border-slate-200 p-3">
                <div className="flex items-center justify-between">
                  <PlatformTag platform={h.platform} />
                  <Badge className={s.tone}>{s.label}</Badge>
                </div>
                <p className="mt-1 break-words text-xs text-slate-500">{s.detail}</p>
              </li>
            );
          })}
        </ul>
      </div>
    </Card>
  );
}

/** Settings: company info for drafts, API keys, team, source health. */
export function SettingsPage() {
  const ws = useWorkspace();
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" />
      <Card>
        <CardHeader title="Company" description="What outreach drafts say about you." />
        {ws.isLoading && <Skeleton className="m-5 h-40" />}
        {ws.error && (
          <div className="p-5">
            <ErrorState error={ws.error} onRetry={() => void ws.refetch()} />
          </div>
        )}
        {ws.data && <CompanyForm ws={ws.data} />}
      </Card>
      <Members />
      <ApiKeys />
      <SourceHealthCard />
    </div>
  );
}
