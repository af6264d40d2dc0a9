const LABELS: Record<string, string> = {
  none: 'No stage',
  problem_aware: 'Problem aware',
  exploring: 'Exploring',
  evaluating: 'Evaluating',
  ready_to_buy: 'Ready to buy',
  decided: 'Decided',
};

/** Human label of a decision stage. */
export const stageLabel = (s: string | null | undefined) => (s ? (LABELS[s] ?? s.replace(/_/g, ' ')) : 'No stage');
