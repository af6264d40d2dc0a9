import { baseEnv, envFlag } from '@intent-radar/config';
import { z } from 'zod';

/** The all-in-one runner's own settings; each service it boots reads its own schema too. */
export const radarEnv = baseEnv.extend({
  /** Port for the runner's /healthz, /readyz and /metrics. */
  RADAR_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** Run the fake third-party APIs in-process (every API without real credentials uses it). */
  SANDBOX: envFlag(true),
  /** Comma-separated service names to skip, e.g. "ingest-linkedin,enricher". */
  RADAR_SKIP: z.string().default(''),
});
export type RadarConfig = z.infer<typeof radarEnv>;
