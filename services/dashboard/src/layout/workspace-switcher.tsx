import { useLocation, useNavigate } from 'react-router';
import { useMe, useSwitchWorkspace } from '../api/queries.ts';
import { Select } from '../components/ui/field.tsx';
import { InlineError } from '../components/ui/states.tsx';
import { cn } from '../components/ui/class-names.ts';

/** Picks which of the account's workspaces the app shows; nothing when the account has only one. */
export function WorkspaceSwitcher({ className }: { className?: string }) {
  const me = useMe();
  const switchTo = useSwitchWorkspace();
  const navigate = useNavigate();
  const location = useLocation();
  const list = me.data?.workspaces ?? [];
  if (!me.data || list.length < 2) return null;
  const onChange = (id: string) =>
    switchTo.mutate(id, {
      // Same section, without the query string: an open signal or filter belongs to the old workspace.
      onSuccess: () => void navigate(location.pathname, { replace: true }),
    });
  return (
    <div className={cn('space-y-1', className)}>
      <Select aria-label="Workspace" value={me.data.workspaceId} disabled={switchTo.isPending} onChange={(e) => onChange(e.target.value)} className="h-9 w-full text-sm">
        {list.map((w) => (
          <option key={w.id} value={w.id}>
            {w.role === 'owner' ? w.name : `${w.name} (member)`}
          </option>
        ))}
      </Select>
      <InlineError error={switchTo.error} />
    </div>
  );
}
