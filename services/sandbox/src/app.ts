import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '@intent-radar/logger';
import type { Service } from '@intent-radar/runtime';
import type { ApiName, FakeApi, SandboxContext } from './api-kit.ts';
import { defaultFixturesDir } from './config.ts';
import { FaultBoard, installFaults } from './faults.ts';
import { loadFixtureShapes } from './fixtures.ts';
import { decodeForm } from './forms.ts';
import { registerInspection } from './inspect.ts';
import { brightdataApi } from './platforms/brightdata.ts';
import { hnApi } from './platforms/hn.ts';
import { hunterApi } from './platforms/hunter.ts';
import { openaiApi } from './platforms/openai.ts';
import { redditApi, type RedditOptions } from './platforms/reddit.ts';
import { serpapiApi } from './platforms/serpapi.ts';
import { slackApi } from './platforms/slack.ts';
import { stripeApi } from './platforms/stripe.ts';
import { twitterApi, type TwitterOptions } from './platforms/twitter.ts';
import { webhooksApi } from './platforms/webhooks.ts';
import { Scenario } from './scenario/engine.ts';
import { Sinks } from './sinks.ts';
import { SmtpSink } from './smtp.ts';

export interface SandboxOptions {
  logger: Logger;
  /** 0 = a free port. */
  port?: number;
  host?: string;
  /** 0 = a free port. */
  smtpPort?: number;
  seed?: number;
  ratePerSec?: number;
  /** True: no /_sandbox inspection API. */
  production?: boolean;
  fixturesDir?: string;
  /** 'live' follows the wall clock; 'manual' moves only on advance() (tests). Default live. */
  clock?: 'live' | 'manual';
  startTimeMs?: number;
  backlog?: number;
  reddit?: RedditOptions;
  twitter?: TwitterOptions;
}

export interface Sandbox extends Service {
  /** Base URL once started, e.g. http://127.0.0.1:4100 (append /reddit, /hn, /x ...). */
  readonly url: string;
  readonly smtpPort: number;
  readonly scenario: Scenario;
  readonly sinks: Sinks;
  readonly faults: FaultBoard;
  readonly app: FastifyInstance;
}

/** Builds the sandbox: one fastify server for every fake API, an SMTP sink, the scenario. */
export function buildSandbox(opts: SandboxOptions): Sandbox {
  const host = opts.host ?? '127.0.0.1';
  const shapes = loadFixtureShapes(opts.fixturesDir ?? defaultFixturesDir);
  const scenario = new Scenario({
    seed: opts.seed ?? 42,
    ratePerSec: opts.ratePerSec ?? 3,
    startTimeMs: opts.startTimeMs,
    backlog: opts.backlog,
  });
  const sinks = new Sinks();
  const faults = new FaultBoard();
  const smtp = new SmtpSink(sinks, opts.logger);
  let url: string | null = null;
  const ctx: SandboxContext = {
    scenario,
    shapes,
    sinks,
    baseUrl: () => {
      if (!url) throw new Error('sandbox not started');
      return url;
    },
  };

  // Request lines would flood the log at benchmark rates: fastify logs at warn and above only.
  const httpLogger: FastifyBaseLogger = opts.logger.child({ component: 'http' }, { level: 'warn' });
  const app = Fastify({
    // A fake server that stops drops every connection, including slow-loris responses and keep-alives.
    forceCloseConnections: true,
    loggerInstance: httpLogger,
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: 10 * 1024 * 1024,
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, decodeForm(typeof body === 'string' ? body : body.toString('utf8')));
  });

  const apis: FakeApi[] = [
    redditApi(ctx, opts.reddit),
    hnApi(ctx),
    twitterApi(ctx, opts.twitter),
    brightdataApi(ctx),
    openaiApi(ctx),
    hunterApi(ctx),
    serpapiApi(ctx),
    slackApi(ctx),
    stripeApi(ctx),
    webhooksApi(ctx),
  ];
  const byName = new Map<ApiName, FakeApi>(apis.map((a) => [a.name, a]));
  installFaults(app, faults, (name) => {
    const api = byName.get(name);
    if (!api) throw new Error(`no fake API ${name}`);
    return api.errors;
  });
  for (const api of apis) {
    app.register(
      (scope, _opts, done) => {
        api.register(scope);
        done();
      },
      { prefix: `/${api.name}` },
    );
  }
  // stripe-node has host/port/protocol options but a fixed /v1/ base path: serve Stripe at the root too.
  const stripe = byName.get('stripe');
  if (stripe) {
    app.register((scope, _opts, done) => {
      stripe.register(scope);
      done();
    });
  }
  if (!opts.production) registerInspection(app, { scenario, sinks, faults, apis });
  app.get('/', async (_req, reply) =>
    reply.send({
      service: 'intent-radar sandbox',
      apis: apis.map((a) => `/${a.name}`),
      inspection: opts.production ? null : '/_sandbox/status',
    }),
  );

  return {
    get url() {
      return ctx.baseUrl();
    },
    get smtpPort() {
      return smtp.port;
    },
    scenario,
    sinks,
    faults,
    app,
    async start() {
      const address = await app.listen({ port: opts.port ?? 4100, host });
      url = address.replace('[::1]', '127.0.0.1');
      const addr = app.server.address();
      if (typeof addr === 'object' && addr) url = `http://${host}:${addr.port}`;
      await smtp.listen(opts.smtpPort ?? 2525, host);
      if ((opts.clock ?? 'live') === 'live') scenario.startLive();
      opts.logger.info(
        {
          url,
          smtpPort: smtp.port,
          seed: scenario.seed,
          ratePerSec: scenario.ratePerSec,
          production: opts.production ?? false,
        },
        'sandbox listening',
      );
    },
    async stop() {
      scenario.stopLive();
      await smtp.close();
      await app.close();
    },
    ready: () => url !== null,
  };
}
