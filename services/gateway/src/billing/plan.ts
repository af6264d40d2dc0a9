/** The flat plan: one price per workspace, unlimited seats. */
export const TRIAL_DAYS = 7;
export const TRIAL_CREDITS = 250;
/** Enrichment credits granted per paid invoice. */
export const MONTHLY_CREDITS = 1000;
export const PLAN_NAME = 'flat';
export const PLAN_PRICE_USD = 129;

export type PlanStatus = 'trial' | 'active' | 'past_due' | 'canceled';

/** Maps a Stripe subscription status onto our four plan states. */
export function planStatusOf(stripeStatus: string): PlanStatus {
  switch (stripeStatus) {
    case 'active':
    case 'trialing':
      return 'active';
    case 'past_due':
    case 'unpaid':
    case 'incomplete':
      return 'past_due';
    default:
      // canceled, incomplete_expired, paused
      return 'canceled';
  }
}
