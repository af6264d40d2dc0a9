import { metrics } from '@intent-radar/runtime';

/** Metrics every ingestor reports, labelled by platform (shared names: get-or-create). */
export const ingestMetrics = {
  requests: metrics.counter('ingest_source_requests_total', 'Calls to a platform API by outcome.', ['platform', 'outcome']),
  sourceErrors: metrics.counter('ingest_source_errors_total', 'Failed platform calls by error code.', ['platform', 'code']),
  posts: metrics.counter('ingest_posts_total', 'Items seen by an ingestor: published (matched a monitor) or unmatched.', ['platform', 'mode', 'outcome']),
  lag: metrics.histogram('ingest_post_lag_seconds', 'From the platform creating an item to its raw post being acked by the bus.', ['platform', 'mode'], [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600]),
  jobs: metrics.counter('ingest_jobs_total', 'Ingest jobs by mode and outcome.', ['platform', 'mode', 'outcome']),
  /** Source health (the source-health KV record) as gauges: alert on time() - last success. */
  lastSuccess: metrics.gauge('ingest_source_last_success_timestamp_seconds', 'Unix time of the last successful platform call, by platform.', ['platform']),
  lastError: metrics.gauge('ingest_source_last_error_timestamp_seconds', 'Unix time of the last failed platform call, by platform and error code.', ['platform', 'code']),
  status: metrics.gauge('ingest_source_status', '1 for the current source status of a platform (ok, degraded, rate_limited, auth_failed, capped), 0 for the others.', ['platform', 'status']),
};
