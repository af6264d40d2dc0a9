import { kvBuckets, streams, subjects } from '@intent-radar/proto-schemas';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** One stream as declared data; names and subjects are logical (see namespace.ts). */
export interface StreamSpec {
  name: string;
  subjects: string[];
  retention: 'workqueue' | 'limits';
  /** Messages older than this are dropped. Milliseconds. */
  maxAgeMs: number;
  /** Window in which a repeated Nats-Msg-Id is dropped as a duplicate. Milliseconds. */
  duplicateWindowMs: number;
  description: string;
}

/** One KV bucket as declared data. */
export interface KvBucketSpec {
  name: string;
  /** Revisions kept per key. */
  history: number;
  /** Entries older than this expire; 0 = never. Milliseconds. */
  ttlMs: number;
  description: string;
}

/** Every stream the product uses. Changing retention of a deployed stream is not possible in place. */
export const streamSpecs: readonly StreamSpec[] = [
  {
    name: streams.ingestJobs,
    subjects: [subjects.ingestJobsAll],
    retention: 'workqueue',
    maxAgeMs: DAY,
    // Scheduler replicas publish the same job id per slot; one copy survives.
    duplicateWindowMs: 2 * MINUTE,
    description: 'Poll jobs per platform and query.',
  },
  {
    name: streams.posts,
    subjects: [subjects.postsRawAll, subjects.postsScoredAll],
    retention: 'limits',
    maxAgeMs: 14 * DAY,
    // Searches overlap between polls: the same post comes back for several minutes.
    duplicateWindowMs: 10 * MINUTE,
    description: 'Raw and scored posts; replayable to re-score after a model change.',
  },
  {
    name: streams.signals,
    subjects: [subjects.signalsAll],
    retention: 'limits',
    maxAgeMs: 28 * DAY,
    duplicateWindowMs: 2 * MINUTE,
    description: 'Signals per workspace monitor: the public event API for internal tools.',
  },
  {
    name: streams.enrich,
    subjects: [subjects.enrichRequested],
    retention: 'workqueue',
    maxAgeMs: 7 * DAY,
    duplicateWindowMs: 2 * MINUTE,
    description: 'Enrichment requests.',
  },
  {
    name: streams.scheduledJobs,
    subjects: [subjects.scheduledJobsAll],
    retention: 'workqueue',
    maxAgeMs: DAY,
    duplicateWindowMs: 2 * MINUTE,
    description: 'Periodic jobs: digest, archive, rescore.',
  },
  {
    name: streams.deadLetter,
    subjects: [subjects.deadLettersAll],
    retention: 'limits',
    maxAgeMs: 30 * DAY,
    duplicateWindowMs: 2 * MINUTE,
    description: 'Messages that can never succeed, with the error and original headers.',
  },
];

/** Every KV bucket the product uses. */
export const kvBucketSpecs: readonly KvBucketSpec[] = [
  { name: kvBuckets.monitors, history: 1, ttlMs: 0, description: 'Active queries the ingestors watch.' },
  { name: kvBuckets.cursors, history: 1, ttlMs: 0, description: 'Position per platform + query.' },
  { name: kvBuckets.sourceHealth, history: 5, ttlMs: 0, description: 'Last success / error per platform.' },
  // Same age as the POSTS stream: a replayed post older than this is scored again anyway.
  { name: kvBuckets.llmScores, history: 1, ttlMs: 14 * DAY, description: 'LLM intent analyses by content hash, shared by scorer replicas.' },
];

/** The stream spec that owns a logical subject, if any. */
export function streamForSubject(logicalSubject: string): StreamSpec | undefined {
  return streamSpecs.find((s) => s.subjects.some((pattern) => subjectMatches(pattern, logicalSubject)));
}

/** NATS wildcard match: `*` one token, trailing `>` one or more tokens. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    const token = p[i];
    if (token === '>') return s.length > i;
    if (i >= s.length) return false;
    if (token !== '*' && token !== s[i]) return false;
  }
  return p.length === s.length;
}
