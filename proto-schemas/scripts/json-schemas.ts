import { z } from 'zod';
import { catalog, EVENT_TYPES, type EventType } from '../src/catalog.ts';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema of one event envelope as it travels on the wire.
 *
 * `io: "input"` describes what our consumers accept: fields with a zod default may be absent, and
 * unknown properties are allowed, so additive changes inside a `vN` never break a subscriber.
 */
export function envelopeJsonSchema(type: EventType, target: 'draft-2020-12' | 'draft-07'): JsonSchema {
  const { $schema: _dialect, ...body } = z.toJSONSchema(catalog[type].schema, {
    target,
    io: 'input',
    unrepresentable: 'throw',
  }) as JsonSchema;
  return body;
}

/** URI naming one event's JSON Schema; stable across regenerations. */
export const schemaId = (type: EventType) => `urn:intent-radar:event:${type}`;

/** Stand-alone draft 2020-12 schema file for one event type, keyed by its file name. */
export function eventSchemaFile(type: EventType): { fileName: string; text: string } {
  const entry = catalog[type];
  const document = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: schemaId(type),
    title: type,
    description: `${entry.summary} Subject: ${entry.subject}. Envelope { id, type, occurredAt, source, data }; a breaking change gets a new vN type.`,
    ...envelopeJsonSchema(type, 'draft-2020-12'),
  };
  return { fileName: `${type}.schema.json`, text: `${JSON.stringify(document, null, 2)}\n` };
}

/** Every event's schema file, in catalog order. */
export const eventSchemaFiles = () => EVENT_TYPES.map(eventSchemaFile);
