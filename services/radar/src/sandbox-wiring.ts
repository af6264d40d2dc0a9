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
    OPENAI_BASE_URL: `${sandboxUrl}/openai/v1`,
    HUNTER_BASE_URL: `${sandboxUrl}/hunter/v2`,
    SERPAPI_BASE_URL: `${sandboxUrl}/serpapi`,
    STRIPE_API_BASE: `${sandboxUrl}/stripe`,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    OUTBOUND_ALLOW_HTTP_HOSTS: new URL(sandboxUrl).host,
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
