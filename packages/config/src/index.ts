import { z } from 'zod';

/** Environment every service reads; services extend it with `baseEnv.extend({...})`. */
export const baseEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/intent_radar'),
  /** Port for /healthz, /readyz and /metrics; 0 picks a free port. */
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(15_000),
  /** JetStream stream replicas (R3 in production clusters); provision() keeps streams at this. */
  STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Prefix for every subject, stream and KV bucket, isolating tests and developers; "" in production. */
  BUS_NAMESPACE: z.string().regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, _ and - only').max(32).default(''),
  /** OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); traces are exported only when set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});
export type BaseEnv = z.infer<typeof baseEnv>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly variable: string, readonly problem: string) {
    super(`invalid configuration: ${variable}: ${problem}`);
  }
}

/** Parses an env object against a schema; throws ConfigError naming the first bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = issue?.path.join('.') || '(env)';
  throw new ConfigError(variable, issue?.message ?? 'invalid');
}

/**
 * Reads `process.env` once at boot. On a bad value prints one line naming the variable and
 * exits 1: a service must not start half-configured. Nothing else reads process.env.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  try {
    return parseEnv(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** "true"/"false"/"1"/"0" env flag (z.coerce.boolean treats "false" as true). */
export const envFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
