import { SMTPServer } from 'smtp-server';
import type { Logger } from '@intent-radar/logger';
import type { Sinks } from './sinks.ts';

/** An SMTP sink: accepts any mail without auth or TLS and records it for the inspection API. */
export class SmtpSink {
  private readonly server: SMTPServer;
  private boundPort = 0;

  constructor(
    private readonly sinks: Sinks,
    private readonly logger: Logger,
  ) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      banner: 'Intent Radar sandbox SMTP',
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
          this.sinks.emails.push({
            at: new Date().toISOString(),
            from,
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: headerOf(raw, 'subject'),
            raw,
          });
          callback();
        });
      },
    });
    this.server.on('error', (err) => this.logger.warn({ err }, 'smtp sink error'));
  }

  get port(): number {
    return this.boundPort;
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.server.off('error', reject);
        resolve();
      });
    });
    const addr = this.server.server.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : port;
  }

  async close(): Promise<void> {
    if (!this.server.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One header's value (unfolded, RFC 2047 words decoded for UTF-8 B/Q). */
function headerOf(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  if (!m?.[1]) return null;
  return m[1]
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_all, enc: string, text: string) => {
      if (enc.toLowerCase() === 'b') return Buffer.from(text, 'base64').toString('utf8');
      const bytes: number[] = [];
      const q = text.replace(/_/g, ' ');
      for (let k = 0; k < q.length; k++) {
        if (q[k] === '=' && /^[0-9a-f]{2}$/i.test(q.slice(k + 1, k + 3))) {
          bytes.push(parseInt(q.slice(k + 1, k + 3), 16));
          k += 2;
        } else {
          bytes.push(q.charCodeAt(k));
        }
      }
      return Buffer.from(bytes).toString('utf8');
    });
}
