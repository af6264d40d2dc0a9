/** Base of every error this package throws; `code` is stable and safe to match on. */
export class DbError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A file in the migrations folder that does not look like `NNN_snake_name.sql`, or a number used twice. */
export class InvalidMigrationFileError extends DbError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super('MIGRATION_INVALID_FILE', `migration file ${file}: ${reason}`);
  }
}

/** An already applied migration file was edited; applied files are immutable, add a new one instead. */
export class MigrationChecksumError extends DbError {
  constructor(
    readonly file: string,
    readonly appliedChecksum: string,
    readonly fileChecksum: string,
  ) {
    super(
      'MIGRATION_CHECKSUM_MISMATCH',
      `migration ${file} was changed after it was applied (applied sha256 ${appliedChecksum.slice(0, 12)}, ` +
        `file sha256 ${fileChecksum.slice(0, 12)}): restore it and put the change in a new migration`,
    );
  }
}

/** A migration's SQL failed; its transaction was rolled back and nothing of it was applied. */
export class MigrationFailedError extends DbError {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super('MIGRATION_FAILED', `migration ${file} failed and was rolled back: ${describe(cause)}`, { cause });
  }
}

/** withWorkspace was given something that is not a uuid; refused before touching the database. */
export class InvalidWorkspaceIdError extends DbError {
  constructor(value: string) {
    super('INVALID_WORKSPACE_ID', `workspace id must be a uuid, got ${JSON.stringify(value.slice(0, 60))}`);
  }
}

/** The connection string names no database to create or connect to. */
export class MissingDatabaseNameError extends DbError {
  constructor() {
    super(
      'DATABASE_NAME_MISSING',
      'the postgres URL names no database (expected postgres://host:port/<name>)',
    );
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const pgErr = err as Error & { code?: string; position?: string };
  const where = pgErr.position ? ` at character ${pgErr.position}` : '';
  return pgErr.code ? `${pgErr.message} (SQLSTATE ${pgErr.code}${where})` : err.message;
}
