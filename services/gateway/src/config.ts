import { randomBytes } from 'node:crypto';
import { baseEnv, envFlag } from '@intent-radar/config';
import { deliveryEnvShape } from '@intent-radar/notifier';
import { z } from 'zod';

const DEV_SECRET = 'dev-only';

/** Gateway environment: HTTP port, public URL, CORS allow-list, session secret and Stripe settings. */
export const gatewayEnv = baseEnv
  .extend({
    GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    PUBLIC_URL: z.url().default('http://localhost:8080'),
    /** Comma-separated origins allowed to call the API from a browser. */
    CORS_ORIGINS: z
      .string()
      .default('http://localhost:5173,http://localhost:8080')
      .transform((s) =>
        s
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    /** HMAC key for access tokens; at least 32 characters. Required in production. */
    SESSION_SECRET: z.string().min(32).optional(),
    COOKIE_SECURE: envFlag(true),
    /** Largest request body accepted, in bytes. */
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(256 * 1024),
    STRIPE_SECRET_KEY: z.string().min(1).optional(),
    STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
    STRIPE_PRICE_ID: z.string().min(1).default('price_flat_129_monthly'),
    /** Base URL of a Stripe-compatible API (the sandbox in development); default api.stripe.com. */
    STRIPE_API_BASE: z.url().optional(),
    // API-key traffic only (people on cookies are not limited here); in-process buckets, so with R
    // replicas a key can reach R x these values.
    /** GET requests per minute per API key, per gateway replica (burst up to the same number). */
    RATE_LIMIT_READS_PER_MIN: z.coerce.number().int().min(1).default(600),
    /** Writes (POST, PATCH, PUT, DELETE) per minute per API key, per gateway replica. */
    RATE_LIMIT_WRITES_PER_MIN: z.coerce.number().int().min(1).default(120),
    /** CSV exports per minute per API key, per gateway replica. */
    RATE_LIMIT_EXPORTS_PER_MIN: z.coerce.number().int().min(1).default(6),
    // Same names and meaning as intent-scorer's: one OpenAI-compatible endpoint per deployment.
    /** OpenAI-compatible endpoint; when set (with a key) the LLM cascade is on (intent-scorer) and outreach drafts are LLM-written (gateway). */
    LLM_BASE_URL: z.url().optional(),
    LLM_API_KEY: z.string().min(1).optional(),
    LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
    /** Deadline of one outreach draft by the LLM, retries included; past it the template stands. Milliseconds. */
    OUTREACH_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    /** LLM-written outreach drafts per workspace per UTC day; past it the template stands. 0 turns LLM drafts off. */
    OUTREACH_LLM_DRAFTS_PER_DAY: z.coerce.number().int().min(0).default(100),
    // "Send test" delivers through the notifier's code with the notifier's outbound policy:
    // OUTBOUND_ALLOW_HTTP_HOSTS, OUTBOUND_ALLOW_PRIVATE_HOSTS, SLACK_EXTRA_ORIGINS, SMTP_URL, EMAIL_FROM.
    ...deliveryEnvShape,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'required in production' });
    }
  })
  .transform((env) => ({
    ...env,
    // Outside production a missing secret gets a random one: sessions then do not survive a restart.
    SESSION_SECRET: env.SESSION_SECRET ?? `${DEV_SECRET}-${randomBytes(32).toString('hex')}`,
    sessionSecretGenerated: env.SESSION_SECRET === undefined,
  }));
export type GatewayConfig = z.infer<typeof gatewayEnv>;
