import { z } from 'zod';
import { PLATFORMS } from '@intent-radar/proto-schemas';

/** Shared wire schemas of the REST API (inputs are explicit: no mass assignment). */
export const uuid = z.uuid();
export const idParams = z.object({ id: z.uuid() });
export const platform = z.enum(PLATFORMS);
export const email = z
  .email()
  .max(320)
  .transform((e) => e.toLowerCase());

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .loose();

/** Standard error responses for the OpenAPI document. */
export const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  429: problemSchema,
} as const;

export const ok = z.object({ ok: z.literal(true) });
export const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());
