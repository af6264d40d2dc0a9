import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundClient } from './client.ts';
import { OutboundError } from './errors.ts';
import type { Resolver } from './url-policy.ts';

interface Seen {
  method: string;
  url: string;
  host: string | undefined;
  body: string;
  servername?: string | false | null;
}

interface TestServer {
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server, handler: Handler): Promise<TestServer> {
  const seen: Seen[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const socket = req.socket as Partial<TLSSocket>;
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        host: req.headers.host,
        body: Buffer.concat(chunks).toString(),
        ...(socket.servername === undefined ? {} : { servername: socket.servername }),
      });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const servers: TestServer[] = [];
async function serve(handler: Handler): Promise<TestServer> {
  const s = await listen(createServer(), handler);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Policy that lets the test reach one local port over http, like the sandbox configuration. */
function local(port: number, extra: Parameters<typeof createOutboundClient>[0] = {}) {
  const host = `127.0.0.1:${port}`;
  return createOutboundClient({ allowHttpHosts: [host], allowPrivateHosts: [host], ...extra });
}

async function failure(work: Promise<unknown>): Promise<OutboundError> {
  try {
    await work;
  } catch (err) {
    expect(err).toBeInstanceOf(OutboundError);
    return err as OutboundError;
  }
  throw new Error('request unexpectedly succeeded');
}

describe('outbound client against a local server', () => {
  it('sends the method, headers and body and returns status, headers and body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(201, { 'content-type': 'text/plain', 'x-reply': 'yes' }).end('ok');
    });
    const res = await local(server.port).request(`http://127.0.0.1:${server.port}/hook?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Host: 'evil.internal' },
      body: '{"a":1}',
    });
    expect(res).toMatchObject({ status: 201, body: 'ok', address: '127.0.0.1' });
    expect(res.headers['x-reply']).toBe('yes');
    expect(server.seen).toEqual([{ method: 'POST', url: '/hook?x=1', host: `127.0.0.1:${server.port}`, body: '{"a":1}' }]);
  });

  it('refuses plain http and loopback unless each is allowed, before sending anything', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const url = `http://127.0.0.1:${server.port}/`;
    expect((await failure(createOutboundClient().request(url))).code).toBe('OUTBOUND_SCHEME');
    const httpOnly = createOutboundClient({ allowHttpHosts: [`127.0.0.1:${server.port}`] });
    expect((await failure(httpOnly.request(url))).code).toBe('OUTBOUND_BLOCKED_ADDRESS');
    const viaLocalhost = createOutboundClient({ allowHttpHosts: [`localhost:${server.port}`] });
    expect((await failure(viaLocalhost.request(`http://localhost:${server.port}/`))).code).toBe('OUTBOUND_BLOCKED_HOST');
    expect(server.seen).toHaveLength(0);
  });

  it('returns 3xx as OUTBOUND_REDIRECT and never follows it, also to private or metadata targets', async () => {
    const target = await serve((_req, res) => res.end('secret'));
    for (const location of [`http://127.0.0.1:${target.port}/admin`, 'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:10.0.0.1]/']) {
      const server = await serve((_req, res) => res.writeHead(302, { location }).end());
      const err = await failure(local(server.port).request(`http://127.0.0.1:${server.port}/`, { method: 'POST', body: 'x' }));
      expect(err).toMatchObject({ code: 'OUTBOUND_REDIRECT', status: 302, location });
      expect(server.seen).toHaveLength(1);
    }
    expect(target.seen).toHaveLength(0);
  });

  it('times out a server that never answers within the total timeout', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const err = await failure(local(server.port, { timeoutMs: 300 }).request(`http://127.0.0.1:${server.port}/`));
    expect(err.code).toBe('OUTBOUND_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('says whether a failed request was fully sent (the server may have acted on it) or not', async () => {
    const silent = await serve(() => undefined);
    const afterSend = await failure(local(silent.port, { timeoutMs: 300 }).request(`http://127.0.0.1:${silent.port}/`, { method: 'POST', body: '{"text":"hi"}' }));
    expect(afterSend).toMatchObject({ code: 'OUTBOUND_TIMEOUT', requestSent: true });
    expect(silent.seen).toEqual([expect.objectContaining({ body: '{"text":"hi"}' })]);
    // Nothing listens on the port any more: refused before a byte went out.
    const closedPort = silent.port;
    await silent.close();
    servers.splice(servers.indexOf(silent), 1);
    const refused = await failure(local(closedPort).request(`http://127.0.0.1:${closedPort}/`, { method: 'POST', body: 'x' }));
    expect(refused).toMatchObject({ code: 'OUTBOUND_CONNECT', requestSent: false });
    const policy = await failure(createOutboundClient().request(`http://127.0.0.1:${closedPort}/`, { method: 'POST', body: 'x' }));
    expect(policy).toMatchObject({ code: 'OUTBOUND_SCHEME', requestSent: false });
  });

  it('times out a body that trickles past the deadline even though each chunk is quick', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      const tick = setInterval(() => {
        if (res.destroyed) clearInterval(tick);
        else res.write('.');
      }, 50);
      res.on('close', () => clearInterval(tick));
    });
    const err = await failure(local(server.port).request(`http://127.0.0.1:${server.port}/`, { timeoutMs: 400 }));
    expect(err.code).toBe('OUTBOUND_TIMEOUT');
  });

  it('aborts responses over the size cap, declared or streamed', async () => {
    const big = 'x'.repeat(64 * 1024);
    const declared = await serve((_req, res) => res.writeHead(200, { 'content-length': String(2 * 1024 * 1024) }).end());
    const streamed = await serve((_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 40; i++) res.write(big);
      res.end();
    });
    expect((await failure(local(declared.port).request(`http://127.0.0.1:${declared.port}/`))).code).toBe('OUTBOUND_TOO_LARGE');
    const capped = local(streamed.port, { maxResponseBytes: 1024 * 1024 });
    expect((await failure(capped.request(`http://127.0.0.1:${streamed.port}/`))).code).toBe('OUTBOUND_TOO_LARGE');
    const small = await serve((_req, res) => res.end(big));
    await expect(local(small.port).request(`http://127.0.0.1:${small.port}/`)).resolves.toMatchObject({ body: big });
  });

  it('pins the connection to the address resolved once: a rebinding DNS answer is never used', async () => {
    const server = await serve((_req, res) => res.end('pinned'));
    const host = `hooks.customer.example:${server.port}`;
    let calls = 0;
    // First answer passes the check; any later answer would point at the metadata service.
    const rebinding: Resolver = () => {
      calls++;
      return Promise.resolve([{ address: calls === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }]);
    };
    const client = createOutboundClient({ allowHttpHosts: [host], allowPrivateHosts: [host], resolve: rebinding });
    // hooks.customer.example does not exist in real DNS: only the pinned address can reach the server.
    const res = await client.request(`http://${host}/in`, { method: 'POST', body: 'b' });
    expect(res).toMatchObject({ status: 200, body: 'pinned', address: '127.0.0.1' });
    expect(calls).toBe(1);
    expect(server.seen[0]?.host).toBe(host);
  });
});

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasOpenssl)('outbound client over https with a pinned address', () => {
  let dir = '';
  let cert = '';
  let key = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'outbound-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=hooks.customer.example',
      '-addext', 'subjectAltName=DNS:hooks.customer.example',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    key = readFileSync(path.join(dir, 'key.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps SNI and certificate checks on the host name while connecting to the vetted address', async () => {
    const server = await listen(createHttpsServer({ cert, key }), (_req, res) => res.end('tls'));
    servers.push(server);
    const host = `hooks.customer.example:${server.port}`;
    const resolve: Resolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    const client = createOutboundClient({ allowPrivateHosts: [host], resolve, ca: cert });
    const res = await client.request(`https://${host}/x`);
    expect(res.body).toBe('tls');
    expect(server.seen[0]).toMatchObject({ host, servername: 'hooks.customer.example' });

    // The same server under a name its certificate does not cover fails verification.
    const other = `other.customer.example:${server.port}`;
    const wrongName = createOutboundClient({ allowPrivateHosts: [other], resolve, ca: cert });
    expect((await failure(wrongName.request(`https://${other}/x`))).code).toBe('OUTBOUND_CONNECT');
  });
});
