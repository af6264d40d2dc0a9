/**
 * Environment defaults that point every third-party API without real credentials at the
 * in-process sandbox. A variable already set (real credentials or base URL) always wins.
 */
export function sandboxEnvDefaults(sandboxUrl: string, smtpPort: number): Record<string, string> {
  return {
    REDDIT_BASE_URL: `${sandboxUrl}/reddit`,
    HN_ALGOLIA_BASE_URL: `${sandboxUrl}/hn/algolia/api/v1`,
    HN_FIREBASE_BASE_URL: `${sandboxUrl}/hn/firebase/v0`,
    X_BASE_URL: `${sandboxUrl}/x`,
    BRIGHTDATA_BASE_URL: `${sandboxUrl}/brightdata`,
    HUNTER_BASE_URL: `${sandboxUrl}/hunter/v2`,
    SERPAPI_BASE_URL: `${sandboxUrl}/serpapi`,
    STRIPE_API_BASE: `${sandboxUrl}/stripe`,
    STRIPE_SECRET_KEY: 'sk_test_sandbox',
    STRIPE_WEBHOOK_SECRET: 'whsec_sandbox',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    // The sandbox's Slack and webhook sinks are plain http on loopback: allowed by name, for it alone.
    OUTBOUND_ALLOW_HTTP_HOSTS: new URL(sandboxUrl).host,
    OUTBOUND_ALLOW_PRIVATE_HOSTS: new URL(sandboxUrl).host,
    SLACK_EXTRA_ORIGINS: new URL(sandboxUrl).origin,
  };
}

/** Fills only the variables that are unset. */
export function withDefaults(
  env: Record<string, string | undefined>,
  defaults: Record<string, string>,
): Record<string, string | undefined> {
  const merged = { ...env };
  for (const [key, value] of Object.entries(defaults)) {
    if (merged[key] === undefined || merged[key] === '') merged[key] = value;
  }
  return merged;
}
