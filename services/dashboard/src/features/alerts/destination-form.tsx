import { useState, type FormEvent } from 'react';
import { useMonitors, useSaveDestination } from '../../api/queries.ts';
import { FREQUENCIES, type DestinationKind } from '../../api/types.ts';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input, Select } from '../../components/ui/field.tsx';
import { InlineError } from '../../components/ui/states.tsx';
import { cn } from '../../components/ui/class-names.ts';
import { formText } from '../../components/form-text.ts';

const KINDS: { kind: DestinationKind; label: string }[] = [
  { kind: 'slack', label: 'Slack' },
  { kind: 'email', label: 'Email' },
  { kind: 'webhook', label: 'Webhook' },
];

/** New alert destination: where to (Slack, email, webhook) and routing (monitors, score, frequency, quiet hours). */
export function DestinationForm({ onDone }: { onDone: () => void }) {
  const monitors = useMonitors();
  const save = useSaveDestination();
  const [kind, setKind] = useState<DestinationKind>('slack');
  const [monitorIds, setMonitorIds] = useState<string[]>([]);
  const [quiet, setQuiet] = useState(false);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => formText(f, k);
    const body: Record<string, unknown> = {
      kind,
      name: get('name'),
      monitorIds,
      minScore: Number(get('minScore')),
      frequency: get('frequency'),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
      quietHours: quiet ? { start: get('quietStart'), end: get('quietEnd') } : null,
    };
    if (kind === 'slack') Object.assign(body, { webhookUrl: get('webhookUrl'), ...(get('channel') ? { channel: get('channel') } : {}) });
    if (kind === 'email') body.recipients = get('recipients').split(/[\s,;]+/).filter(Boolean);
    if (kind === 'webhook') Object.assign(body, { url: get('url'), ...(get('signingSecret') ? { signingSecret: get('signingSecret') } : {}) });
    save.mutate(body, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} className="space-y-5" aria-label="New destination">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Send alerts to</legend>
        <div className="mt-2 inline-flex rounded-lg border border-slate-300 bg-white p-1" role="radiogroup">
          {KINDS.map((k) => (
            <label key={k.kind} className={cn('cursor-pointer rounded-md px-4 py-1.5 text-sm font-medium', kind === k.kind ? 'bg-indigo-600 text-white' : 'text-slate-700 hover:bg-slate-100')}>
              <input type="radio" name="kind" value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} className="sr-only" />
              {k.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name">{({ id }) => <Input id={id} name="name" required defaultValue={kind === 'slack' ? '#sales-signals' : ''} key={kind} />}</Field>
        {kind === 'slack' && (
          <>
            <Field label="Slack incoming webhook URL" hint="https://hooks.slack.com/services/…">
              {({ id, describedBy }) => <Input id={id} name="webhookUrl" type="url" required aria-describedby={describedBy} />}
            </Field>
            <Field label="Channel (optional)">{({ id }) => <Input id={id} name="channel" placeholder="#sales" />}</Field>
          </>
        )}
        {kind === 'email' && (
          <Field label="Recipients" hint="Comma-separated, up to 20.">
            {({ id, describedBy }) => <Input id={id} name="recipients" required aria-describedby={describedBy} placeholder="ae@acme.com, sdr@acme.com" />}
          </Field>
        )}
        {kind === 'webhook' && (
          <>
            <Field label="Webhook URL (https)">{({ id }) => <Input id={id} name="url" type="url" required />}</Field>
            <Field label="Signing secret (optional)" hint="16+ characters; we sign each request with HMAC-SHA256.">
              {({ id, describedBy }) => <Input id={id} name="signingSecret" minLength={16} aria-describedby={describedBy} />}
            </Field>
          </>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Minimum score">
          {({ id }) => (
            <Select id={id} name="minScore" defaultValue="7">
              {[10, 9, 8, 7, 6, 5, 4, 3].map((n) => (
                <option key={n} value={n}>
                  {n}+
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Frequency">
          {({ id }) => (
            <Select id={id} name="frequency" defaultValue="instant">
              {FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {f === 'instant' ? 'Instantly' : `${f[0]!.toUpperCase()}${f.slice(1)} digest`}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Quiet hours</legend>
          <label className="mt-2 flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} className="accent-indigo-600" /> Hold alerts overnight
          </label>
          {quiet && (
            <div className="mt-2 flex items-center gap-2">
              <label className="sr-only" htmlFor="qs">
                Quiet from
              </label>
              <Input id="qs" name="quietStart" type="time" defaultValue="20:00" className="h-9" />
              <span className="text-sm text-slate-500">to</span>
              <label className="sr-only" htmlFor="qe">
                Quiet until
              </label>
              <Input id="qe" name="quietEnd" type="time" defaultValue="08:00" className="h-9" />
            </div>
          )}
        </fieldset>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Monitors</legend>
        <p className="text-xs text-slate-500">None selected = every monitor.</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {(monitors.data ?? []).map((m) => (
            <label key={m.id} className="flex items-center gap-2 rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm">
              <input
                type="checkbox"
                className="accent-indigo-600"
                checked={monitorIds.includes(m.id)}
                onChange={() => setMonitorIds((cur) => (cur.includes(m.id) ? cur.filter((x) => x !== m.id) : [...cur, m.id]))}
              />
              {m.name}
            </label>
          ))}
        </div>
      </fieldset>
      <InlineError error={save.error} />
      <div className="flex gap-2">
        <Button type="submit" busy={save.isPending}>
          Save destination
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
