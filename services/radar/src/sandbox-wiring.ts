/** One third-party API: the variables that mean "use the real one", and the sandbox's values. */
interface ApiWiring {
  api: string;
  /** Set any of these and the real API is used: the sandbox fills nothing for it. */
  realWhenSet: string[];
  sandbox: Record<string, string>;
}

function wirings(sandboxUrl: string, smtpPort: number): ApiWiring[] {
  const host = new URL(sandboxUrl).host;
  // The sandbox accepts any credential but "invalid": these placeholders never reach a real host.
  return [
    { api: 'reddit', realWhenSet: ['REDDIT_BASE_URL', 'REDDIT_CLIENT_ID'], sandbox: { REDDIT_BASE_URL: `${sandboxUrl}/reddit`, REDDIT_CLIENT_ID: 'sandbox', REDDIT_CLIENT_SECRET: 'sandbox' } },
    { api: 'hn', realWhenSet: ['HN_ALGOLIA_BASE_URL', 'HN_FIREBASE_BASE_URL'], sandbox: { HN_ALGOLIA_BASE_URL: `${sandboxUrl}/hn/algolia/api/v1`, HN_FIREBASE_BASE_URL: `${sandboxUrl}/hn/firebase/v0` } },
    { api: 'x', realWhenSet: ['X_BASE_URL', 'X_BEARER_TOKEN'], sandbox: { X_BASE_URL: `${sandboxUrl}/x`, X_BEARER_TOKEN: 'sandbox' } },
    { api: 'brightdata', realWhenSet: ['BRIGHTDATA_BASE_URL', 'BRIGHTDATA_TOKEN'], sandbox: { BRIGHTDATA_BASE_URL: `${sandboxUrl}/brightdata`, BRIGHTDATA_TOKEN: 'sandbox' } },
    { api: 'hunter', realWhenSet: ['HUNTER_BASE_URL', 'HUNTER_API_KEY'], sandbox: { HUNTER_BASE_URL: `${sandboxUrl}/hunter/v2`, HUNTER_API_KEY: 'sandbox' } },
    { api: 'serpapi', realWhenSet: ['SERPAPI_BASE_URL', 'SERPAPI_API_KEY'], sandbox: { SERPAPI_BASE_URL: `${sandboxUrl}/serpapi`, SERPAPI_API_KEY: 'sandbox' } },
    {
      api: 'stripe',
      realWhenSet: ['STRIPE_API_BASE', 'STRIPE_SECRET_KEY'],
      sandbox: { STRIPE_API_BASE: `${sandboxUrl}/stripe`, STRIPE_SECRET_KEY: 'sk_test_sandbox', STRIPE_WEBHOOK_SECRET: 'whsec_sandbox' },
    },
    { api: 'smtp', realWhenSet: ['SMTP_URL'], sandbox: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } },
    {
      // The sandbox's Slack and webhook sinks are plain http on loopback: allowed for its host alone.
      api: 'outbound',
      realWhenSet: [],
      sandbox: { OUTBOUND_ALLOW_HTTP_HOSTS: host, OUTBOUND_ALLOW_PRIVATE_HOSTS: host, SLACK_EXTRA_ORIGINS: new URL(sandboxUrl).origin },
    },
  ];
}

/**
 * Points every third-party API that has no real configuration at the in-process sandbox.
 * An API whose base URL or credentials are set is left alone entirely, so a real key is never
 * sent to the sandbox and a sandbox placeholder never reaches a real host. Returns the env to
 * use and the APIs that were sandboxed.
 */
export function wireSandbox(
  env: Record<string, string | undefined>,
  sandboxUrl: string,
  smtpPort: number,
): { env: Record<string, string | undefined>; sandboxed: string[] } {
  const merged = { ...env };
  const sandboxed: string[] = [];
  const isSet = (key: string) => merged[key] !== undefined && merged[key] !== '';
  for (const wiring of wirings(sandboxUrl, smtpPort)) {
    if (wiring.realWhenSet.some(isSet)) continue;
    sandboxed.push(wiring.api);
    for (const [key, value] of Object.entries(wiring.sandbox)) if (!isSet(key)) merged[key] = value;
  }
  return { env: merged, sandboxed };
}
