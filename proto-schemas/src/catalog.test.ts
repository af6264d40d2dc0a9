import { describe, expect, it } from 'vitest';
import { invalidExamples, validExamples } from '../scripts/examples.ts';
import { catalog, EVENT_TYPES } from './catalog.ts';

describe('event catalog', () => {
  it.each(EVENT_TYPES)('%s accepts its valid example', (type) => {
    const result = catalog[type].schema.safeParse(validExamples[type]);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(EVENT_TYPES)('%s rejects an invalid example', (type) => {
    const { breaks, event } = invalidExamples[type];
    expect(catalog[type].schema.safeParse(event).success, breaks).toBe(false);
  });

  it.each(EVENT_TYPES)('%s envelope type literal equals its catalog key', (type) => {
    const literal = catalog[type].schema.shape.type;
    expect([...literal.values]).toEqual([type]);
    expect(catalog[type].schema.safeParse({ ...validExamples[type], type: `${type}x` }).success).toBe(false);
  });

  it('rejects an event published under another type', () => {
    expect(catalog['signal.updated.v1'].schema.safeParse(validExamples['signal.created.v1']).success).toBe(
      false,
    );
  });
});
