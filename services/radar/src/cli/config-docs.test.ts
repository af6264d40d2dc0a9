import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './config-catalog.ts';
import { configTable, replaceTable, TABLE_END, TABLE_START } from './config-docs.ts';

describe('README configuration table', () => {
  it('is current with the services config schemas (run `npm run docs:config` to update)', async () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const table = await configTable();
    expect(table).toMatch(/\| `DATABASE_URL` \| every service \|/);
    expect(table).toMatch(/\| `SCORER_CONCURRENCY` \| intent-scorer \|/);
    expect(replaceTable(readme, table)).toBe(readme);
  });

  it('replaces only the block between the markers', () => {
    const text = `a\n${TABLE_START}\nold\n${TABLE_END}\nb`;
    expect(replaceTable(text, 'new')).toBe(`a\n${TABLE_START}\nnew\n${TABLE_END}\nb`);
  });
});
