import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Paths whose values never reach a log line (tokens, keys, passwords, auth headers). */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'config.DATABASE_URL',
  'config.OPENAI_API_KEY',
  'config.STRIPE_SECRET_KEY',
];

const SECRET_IN_URL = /(\/\/[^:/@\s]+:)[^@/\s]+@/g;
const SECRET_PARAMS = /([?&](?:api_key|apikey|access_token|token|key|secret)=)[^&\s]+/gi;

/** Removes passwords in URLs (`postgres://u:pw@h`) and key-like query parameters from a string. */
export function scrubSecrets(text: string): string {
  return text.replace(SECRET_IN_URL, '$1***@').replace(SECRET_PARAMS, '$1***');
}

export interface LoggerConfig {
  service: string;
  level?: LoggerOptions['level'];
  /** Where lines go; defaults to stdout. Tests pass a stream to read lines back. */
  destination?: pino.DestinationStream;
}

/** The one logger factory: JSON lines with `service`, secrets redacted. */
export function createLogger({ service, level = 'info', destination }: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '***' },
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        // Error messages and free text can carry connection strings with passwords.
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (err: unknown) => {
        const s = pino.stdSerializers.err(err as Error);
        if (s.message) s.message = scrubSecrets(s.message);
        if (s.stack) s.stack = scrubSecrets(s.stack);
        return s;
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
