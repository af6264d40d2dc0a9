import { connectBus, runConsumer, type Bus, type ConsumerHandle } from '@intent-radar/bus';
import { createPool, type Pool } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import type { OutboundClient } from '@intent-radar/outbound';
import { consumers, streams, subjects } from '@intent-radar/proto-schemas';
import type { Service } from '@intent-radar/runtime';
import type { Transporter } from 'nodemailer';
import type { NotifierConfig } from './config.ts';
import { createDeliveryClients } from './delivery/delivery-clients.ts';
import { DeliveryEngine } from './delivery/delivery-engine.ts';

export interface NotifierDeps {
  config: NotifierConfig;
  logger: Logger;
  /** Injected in tests (their own namespace); otherwise connected from NATS_URL. */
  bus?: Bus;
  pool?: Pool;
  outbound?: OutboundClient;
  mailer?: Transporter;
  now?: () => Date;
}

export interface Notifier extends Service {
  readonly engine: DeliveryEngine;
}

/** Builds the notifier: signals.created (and re-scores crossing a threshold) -> deliveries -> Slack/email/webhooks; digest jobs; retry poller. */
export async function buildNotifier(deps: NotifierDeps): Promise<Notifier> {
  const { config, logger } = deps;
  const ownsBus = !deps.bus;
  const ownsPool = !deps.pool;
  const bus = deps.bus ?? (await connectBus({ url: config.NATS_URL, name: 'notifier', logger, namespace: config.BUS_NAMESPACE }));
  const pool = deps.pool ?? createPool({ connectionString: config.DATABASE_URL, applicationName: 'notifier', logger });
  // Creating them connects nothing; injected ones (tests) are closed by their owner.
  const clients = createDeliveryClients(config);
  const outbound = deps.outbound ?? clients.outbound;
  const mailer = deps.mailer ?? clients.mailer;
  const now = deps.now ?? (() => new Date());
  const engine = new DeliveryEngine({
    pool,
    logger,
    now,
    channels: { outbound, mailer, emailFrom: clients.emailFrom, dashboardUrl: config.DASHBOARD_URL, slackOrigins: clients.slackOrigins, now },
  });

  const handles: ConsumerHandle[] = [];
  let polling = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let pollDone: Promise<void> = Promise.resolve();

  const schedulePoll = () => {
    pollTimer = setTimeout(() => {
      pollDone = (async () => {
        try {
          // Keep going while there is a backlog; then wait for the next tick.
          while (polling && (await engine.pollOnce()) > 0);
        } catch (err) {
          logger.error({ err }, 'delivery poller failed; retrying next tick');
        }
        if (polling) schedulePoll();
      })();
    }, config.NOTIFIER_POLL_MS);
  };

  return {
    engine,
    async start() {
      handles.push(
        await runConsumer({
          bus,
          service: 'notifier',
          stream: streams.signals,
          durable: consumers.notifier,
          filterSubject: subjects.signalsCreatedAll,
          eventType: 'signal.created.v1',
          concurrency: config.NOTIFIER_CONCURRENCY,
          // Room for every replica's handlers plus a pull in flight each.
          maxAckPending: Math.max(1_000, config.NOTIFIER_CONCURRENCY * 4),
          handler: (event) => engine.onSignal(event.data),
        }),
      );
      handles.push(
        await runConsumer({
          bus,
          service: 'notifier',
          stream: streams.signals,
          durable: consumers.notifierRescores,
          filterSubject: subjects.signalUpdated,
          eventType: 'signal.updated.v1',
          concurrency: config.NOTIFIER_CONCURRENCY,
          // Status changes and re-scores that crossed nothing alert nobody.
          handler: async (event) => {
            if (event.data.crossedThreshold) await engine.onSignalRescored(event.data);
          },
        }),
      );
      handles.push(
        await runConsumer({
          bus,
          service: 'notifier',
          stream: streams.scheduledJobs,
          durable: consumers.notifierDigests,
          filterSubject: subjects.scheduledJob('digest'),
          eventType: 'job.scheduled.v1',
          concurrency: 1,
          handler: (event, ctx) => {
            ctx.working();
            return engine.onDigestJob(event.data.period);
          },
        }),
      );
      polling = true;
      schedulePoll();
      logger.info('notifier started');
    },
    async stop() {
      polling = false;
      clearTimeout(pollTimer);
      await Promise.all(handles.splice(0).map((h) => h.stop()));
      await pollDone;
      if (ownsBus) await bus.close();
      if (ownsPool) await pool.end();
      await clients.close();
    },
    ready: () => bus.isConnected(),
  };
}
