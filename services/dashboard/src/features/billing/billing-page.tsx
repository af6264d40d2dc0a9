import { Check, CreditCard, ExternalLink } from 'lucide-react';
import { useBillingRedirect, useUsage, useWorkspace } from '../../api/queries.ts';
import { Button } from '../../components/ui/button.tsx';
import { Badge, Card, CardHeader, Skeleton } from '../../components/ui/card.tsx';
import { ErrorState, InlineError } from '../../components/ui/states.tsx';
import { formatDate } from '../../components/time-ago.ts';
import { PageHeader } from '../../layout/page-header.tsx';

/** Billing: plan and trial, credits, usage, Stripe Checkout and portal. */
export function BillingPage() {
  const ws = useWorkspace();
  const usage = useUsage();
  const checkout = useBillingRedirect('checkout');
  const portal = useBillingRedirect('portal');
  const plan = ws.data?.plan;
  const trialDays = plan?.trialEndsAt ? Math.max(0, Math.ceil((new Date(plan.trialEndsAt).getTime() - Date.now()) / 86_400_000)) : null;
  const paid = plan?.status === 'active' || plan?.status === 'past_due';

  return (
    <div className="space-y-6">
      <PageHeader title="Billing" description="One flat plan for the whole team." />
      {ws.error && <ErrorState error={ws.error} onRetry={() => void ws.refetch()} />}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Your plan" action={plan && <Badge className={paid ? 'bg-emerald-50 text-emerald-700' : 'bg-indigo-50 text-indigo-700'}>{plan.status.replace(/_/g, ' ')}</Badge>} />
          <div className="space-y-4 p-5">
            {!plan ? (
              <Skeleton className="h-24" />
            ) : (
              <>
                <p>
                  <span className="text-4xl font-extrabold text-slate-900">$129</span>
                  <span className="text-slate-500">/month · unlimited seats</span>
                </p>
                {plan.status === 'trial' && trialDays !== null && (
                  <p className="text-sm text-slate-700">
                    Trial: <strong>{trialDays} day{trialDays === 1 ? '' : 's'} left</strong> (ends {formatDate(plan.trialEndsAt)}).
                  </p>
                )}
                {plan.currentPeriodEnd && <p className="text-sm text-slate-700">Renews {formatDate(plan.currentPeriodEnd)}.</p>}
                {!plan.scanning && <p className="text-sm text-amber-800">Monitors are paused until a subscription is active.</p>}
                <ul className="space-y-1 text-sm text-slate-700">
                  {['Unlimited monitors and seats', 'All four platforms', '250 enrichment credits / month'].map((f) => (
                    <li key={f} className="flex items-center gap-2">
                      <Check aria-hidden className="size-4 text-emerald-600" /> {f}
                    </li>
                  ))}
                </ul>
                <div className="flex flex-wrap gap-2">
                  {!paid && (
                    <Button busy={checkout.isPending} onClick={() => checkout.mutate()}>
                      <CreditCard aria-hidden className="size-4" /> Subscribe with Stripe
                    </Button>
                  )}
                  <Button variant="secondary" busy={portal.isPending} onClick={() => portal.mutate()}>
                    <ExternalLink aria-hidden className="size-4" /> Invoices & payment method
                  </Button>
                </div>
                <InlineError error={checkout.error ?? portal.error} />
              </>
            )}
          </div>
        </Card>
        <Card>
          <CardHeader title="Enrichment credits" description="One credit finds one author; cached results are free for the whole team." />
          <div className="space-y-3 p-5">
            <p className="h-10 text-4xl font-extrabold tabular-nums text-slate-900">{plan ? plan.credits : <Skeleton className="h-9 w-20" />}</p>
            <p className="text-sm text-slate-500">credits left</p>
            {usage.data && (
              <dl className="grid grid-cols-2 gap-2 border-t border-slate-100 pt-3 text-sm">
                <dt className="text-slate-500">Period started</dt>
                <dd className="text-slate-900">{formatDate(usage.data.periodStart)}</dd>
                {Object.entries(usage.data.byKind).map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="capitalize text-slate-500">{k.replace(/[._]/g, ' ')}</dt>
                    <dd className="tabular-nums text-slate-900">{v}</dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
