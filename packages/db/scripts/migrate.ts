// Applies the migrations to one database, creating it first when missing; prints the result as JSON.
// Usage: node --import tsx packages/db/scripts/migrate.ts postgres://user@host:5432/intent_radar
// Services migrate themselves at start-up; this is for operators and for the multi-process test.
import { scrubSecrets } from '@intent-radar/logger';
import { createPool, ensureDatabase, migrate } from '../src/index.ts';

const url = process.argv[2] ?? '';
if (!/^postgres(ql)?:\/\//.test(url)) {
  process.stderr.write('usage: migrate.ts <postgres://... URL of the database to migrate>\n');
  process.exit(2);
}

try {
  await ensureDatabase(url);
  const pool = createPool({ connectionString: url, max: 1, applicationName: 'migrate' });
  try {
    const result = await migrate(pool);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await pool.end();
  }
} catch (err) {
  const code = (err as { code?: string }).code;
  process.stderr.write(
    `migrate failed${code ? ` (${code})` : ''}: ${scrubSecrets((err as Error).message)}\n`,
  );
  process.exit(1);
}
