/**
 * Prints the configuration table generated from every service's zod env schema
 * (services/<name>/src/config.ts, exports named *Env) as markdown; `--write` puts it into
 * README.md between the config-table markers. A unit test fails when the README is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../services/radar/src/cli/config-catalog.ts';
import { configTable, replaceTable } from '../services/radar/src/cli/config-docs.ts';

const table = await configTable();
if (process.argv.includes('--write')) {
  const file = path.join(repoRoot, 'README.md');
  writeFileSync(file, replaceTable(readFileSync(file, 'utf8'), table));
  process.stderr.write('README.md configuration table updated\n');
} else {
  process.stdout.write(`${table}\n`);
}
