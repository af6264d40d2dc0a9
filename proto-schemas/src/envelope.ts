import { z } from 'zod';

/** Builds the envelope schema `{ id, type, occurredAt, source, data }` for one event type. */
export function envelope<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({
    id: z.string().min(1).max(200).describe('Unique event id (uuid); not the NATS message id.'),
    type: z.literal(type),
    occurredAt: z.iso.datetime({ offset: true }).describe('When the fact happened, ISO 8601.'),
    source: z.string().min(1).max(100).describe('The service that published the event.'),
    data,
  });
}
