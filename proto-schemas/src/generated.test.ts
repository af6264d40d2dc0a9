import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedOutputs, packageRoot } from '../scripts/outputs.ts';
import { EVENT_TYPES } from './catalog.ts';

const STALE = 'generated files are stale: run npm run generate -w @intent-radar/proto-schemas';

describe('generated files', () => {
  const outputs = generatedOutputs();

  it('are byte for byte what the generator produces now', () => {
    for (const [relative, expected] of outputs) {
      const file = path.join(packageRoot, relative);
      expect(existsSync(file), `${relative} missing: ${STALE}`).toBe(true);
      expect(readFileSync(file, 'utf8') === expected, `${relative} differs: ${STALE}`).toBe(true);
    }
    const extra = readdirSync(path.join(packageRoot, 'generated')).filter(
      (name) => !outputs.has(`generated/${name}`),
    );
    expect(extra, `files of removed event types: ${STALE}`).toEqual([]);
  });

  it('are deterministic across runs', () => {
    expect([...generatedOutputs()]).toEqual([...outputs]);
  });

  it('hold one draft 2020-12 schema per event type with $id, title and description', () => {
    for (const type of EVENT_TYPES) {
      const text = outputs.get(`generated/${type}.schema.json`);
      expect(text, type).toBeDefined();
      const schema = JSON.parse(text!) as Record<string, unknown>;
      expect(Object.keys(schema).slice(0, 4)).toEqual(['$schema', '$id', 'title', 'description']);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`urn:intent-radar:event:${type}`);
      expect(schema.title).toBe(type);
      expect((schema.properties as Record<string, { const?: string }>).type?.const).toBe(type);
    }
  });
});
