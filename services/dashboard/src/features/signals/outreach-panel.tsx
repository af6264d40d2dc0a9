import { useEffect, useState } from 'react';
import { useDraft } from '../../api/queries.ts';
import { Textarea, Input } from '../../components/ui/field.tsx';
import { ErrorState } from '../../components/ui/states.tsx';
import { Skeleton } from '../../components/ui/card.tsx';
import { CopyButton } from './copy-button.tsx';

/** A first-message draft from the analysis and the company info; editable, copied, never sent by us. */
export function OutreachPanel({ signalId }: { signalId: string }) {
  const draft = useDraft(signalId, true);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  useEffect(() => {
    if (draft.data) {
      setSubject(draft.data.subject);
      setBody(draft.data.body);
    }
  }, [draft.data]);

  return (
    <section aria-labelledby="draft-h" className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id="draft-h" className="text-sm font-semibold text-slate-900">
          Outreach draft
        </h3>
        {draft.data && <CopyButton text={`${subject}\n\n${body}`} label="Copy draft" />}
      </div>
      {draft.isLoading && <Skeleton className="h-40 w-full" />}
      {draft.error && <ErrorState error={draft.error} onRetry={() => void draft.refetch()} />}
      {draft.data && (
        <div className="space-y-2">
          <label htmlFor="draft-subject" className="sr-only">
            Subject
          </label>
          <Input id="draft-subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
          <label htmlFor="draft-body" className="sr-only">
            Message
          </label>
          <Textarea id="draft-body" rows={8} value={body} onChange={(e) => setBody(e.target.value)} />
          <p className="text-xs text-slate-500">Intent Radar never posts or sends anything: reply personally, where the conversation happens.</p>
        </div>
      )}
    </section>
  );
}
