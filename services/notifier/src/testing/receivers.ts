import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifyWebhook } from '../webhooks/signing.ts';

/** A stand-in for Slack incoming webhooks: text/plain "ok", or a scripted error answer. */
export interface SlackReceiver {
  url(path?: string): string;
  hostPort: string;
  messages: Array<{ path: string; body: { text?: string; blocks?: unknown[] }; at: number }>;
  /** Next answers to give, in order (then 200 ok). */
  script: Array<{ status: number; body: string; headers?: Record<string, string> }>;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** Starts a local Slack incoming-webhook receiver. */
export async function startSlackReceiver(): Promise<SlackReceiver> {
  const messages: SlackReceiver['messages'] = [];
  const script: SlackReceiver['script'] = [];
  const { server, port } = await listen((req, res, body) => {
    const next = script.shift();
    if (next && next.status !== 200) {
      res.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers }).end(next.body);
      return;
    }
    messages.push({ path: req.url ?? '', body: JSON.parse(body) as SlackReceiver['messages'][number]['body'], at: Date.now() });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  return {
    hostPort: `127.0.0.1:${port}`,
    url: (path = '/services/T000/B000/XXXX') => `http://127.0.0.1:${port}${path}`,
    messages,
    script,
    close: closer(server),
  };
}

/** A customer's webhook endpoint that verifies Standard Webhooks signatures and dedupes on webhook-id. */
export interface WebhookReceiver {
  url: string;
  hostPort: string;
  /** Verified deliveries, first per webhook-id. */
  accepted: Array<{ id: string; body: unknown }>;
  /** Requests whose signature did not verify. */
  rejected: number;
  /** Requests repeating an id already accepted (answered 200, not processed again). */
  duplicates: number;
  close(): Promise<void>;
}

/** Starts a webhook receiver holding `secret` (one of the endpoint's signing secrets). */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const state = { accepted: [] as WebhookReceiver['accepted'], rejected: 0, duplicates: 0 };
  const { server, port } = await listen((req, res, body) => {
    try {
      const id = verifyWebhook(body, req.headers, secret);
      if (state.accepted.some((a) => a.id === id)) state.duplicates++;
      else state.accepted.push({ id, body: JSON.parse(body) });
      res.writeHead(204).end();
    } catch {
      state.rejected++;
      res.writeHead(401).end();
    }
  });
  return {
    url: `http://127.0.0.1:${port}/hooks/intent`,
    hostPort: `127.0.0.1:${port}`,
    get accepted() {
      return state.accepted;
    },
    get rejected() {
      return state.rejected;
    },
    get duplicates() {
      return state.duplicates;
    },
    close: closer(server),
  };
}

/** A minimal SMTP sink collecting raw messages. */
export interface SmtpSink {
  port: number;
  messages: Array<{ to: string[]; raw: string }>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpSink['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
