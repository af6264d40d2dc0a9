import { stringify } from 'yaml';
import { catalog, EVENT_TYPES, type EventType } from '../src/catalog.ts';
import {
  consumers,
  headers,
  kvBuckets,
  msgIds,
  PLATFORMS,
  SCHEDULED_JOB_KINDS,
  type Platform,
} from '../src/names.ts';
import { validExamples } from './examples.ts';
import { envelopeJsonSchema, schemaId, type JsonSchema } from './json-schemas.ts';
import {
  deadLetterPublications,
  publications,
  streamLayout,
  subscriptions,
  type Publication,
  type Subscription,
} from './topology.ts';

const PLATFORM = '{platform}' as Platform;

/** How each event type's Nats-Msg-Id is built (from names.ts `msgIds`, so the two cannot drift). */
const messageIdRules: Partial<Record<EventType, string>> = {
  'ingest.job.v1': msgIds.ingestJob(PLATFORM, '{queryKey}', '{slot}' as unknown as number),
  'post.raw.v1': `${msgIds.post(PLATFORM, '{externalId}')}, or ${msgIds.rescorePost(PLATFORM, '{externalId}', '{slot}' as unknown as number)} when re-sent by jobs.rescore`,
  'post.scored.v1': `${msgIds.scoredPost(PLATFORM, '{externalId}')}, or ${msgIds.rescoredPost(PLATFORM, '{externalId}', '{slot}' as unknown as number)} (rescore: true) answering a jobs.rescore request`,
  'signal.created.v1': msgIds.signal('{signalId}'),
  'signal.updated.v1': msgIds.signalUpdated('{signalId}', '{cause}'),
};

const NO_RULE =
  'No deterministic id is declared for this type in names.ts `msgIds`; the publisher chooses a unique one.';

/** Parameters a subject pattern may contain, with the values they take. */
const parameterDocs: Record<string, { description: string; enum?: readonly string[]; examples?: string[] }> =
  {
    platform: { description: 'Source platform of the post.', enum: PLATFORMS },
    kind: { description: 'Kind of periodic job.', enum: SCHEDULED_JOB_KINDS },
    service: {
      description: 'Service whose consumer gave up on the message.',
      examples: ['intent-scorer', 'dedup-embedder'],
    },
  };

const camel = (dotted: string) => dotted.replace(/[.\-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** `post.scored.v1` -> `postScoredV1`. */
const messageKey = (type: EventType) => camel(type);
/** `posts.scored.<platform>` -> `postsScored`. */
const channelKey = (pattern: string) => camel(pattern.replace(/\.<[a-z]+>/g, ''));
/** `posts.scored.<platform>` -> `posts.scored.{platform}` (AsyncAPI parameter syntax). */
const channelAddress = (pattern: string) => pattern.replace(/<([a-z]+)>/g, '{$1}');

function headersSchema(type: EventType): JsonSchema {
  return {
    type: 'object',
    required: [headers.msgId, headers.traceparent, headers.eventType],
    properties: {
      [headers.msgId]: {
        type: 'string',
        description: `JetStream de-duplication key. ${messageIdRules[type] ? `Built as ${messageIdRules[type]}.` : NO_RULE}`,
      },
      [headers.traceparent]: {
        type: 'string',
        pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
        description: 'W3C trace context of the publishing span.',
      },
      [headers.eventType]: {
        type: 'string',
        const: type,
        description: 'Envelope type, so a router can dispatch without parsing the body.',
      },
    },
  };
}

function exampleMsgId(type: EventType): string {
  const event = validExamples[type];
  switch (event.type) {
    case 'ingest.job.v1':
      return msgIds.ingestJob(event.data.platform, event.data.queryKey, event.data.slot);
    case 'post.raw.v1':
      return msgIds.post(event.data.platform, event.data.externalId);
    case 'post.scored.v1':
      return msgIds.scoredPost(event.data.platform, event.data.externalId);
    case 'signal.created.v1':
      return msgIds.signal(event.data.signalId);
    // No deterministic rule for these types: the example uses the envelope id.
    case 'signal.updated.v1':
      return msgIds.signalUpdated(event.data.signalId, event.id);
    case 'signal.enriched.v1':
    case 'enrich.requested.v1':
    case 'job.scheduled.v1':
    case 'deadletter.v1':
      return event.id;
  }
}

function message(type: EventType): JsonSchema {
  const entry = catalog[type];
  return {
    name: type,
    title: type,
    summary: entry.summary,
    contentType: 'application/json',
    headers: headersSchema(type),
    payload: { $ref: `#/components/schemas/${messageKey(type)}` },
    correlationId: {
      description: 'The W3C trace id carried in traceparent.',
      location: '$message.header#/traceparent',
    },
    examples: [
      {
        name: 'valid',
        headers: {
          [headers.msgId]: exampleMsgId(type),
          [headers.traceparent]: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          [headers.eventType]: type,
        },
        payload: validExamples[type],
      },
    ],
  };
}

function channels(): JsonSchema {
  const byPattern = new Map<string, EventType[]>();
  for (const type of EVENT_TYPES) {
    const pattern = catalog[type].subject;
    byPattern.set(pattern, [...(byPattern.get(pattern) ?? []), type]);
  }
  const out: JsonSchema = {};
  for (const [pattern, types] of byPattern) {
    const params = [...pattern.matchAll(/<([a-z]+)>/g)].map((m) => m[1] ?? '');
    const stream = streamLayout.find((s) => s.subjects.some((filter) => subjectMatches(filter, pattern)));
    out[channelKey(pattern)] = {
      address: channelAddress(pattern),
      title: channelAddress(pattern),
      description: `${types.map((t) => catalog[t].summary).join(' ')} Captured by the ${stream?.name ?? '(no)'} stream.`,
      ...(params.length > 0
        ? { parameters: Object.fromEntries(params.map((p) => [p, parameterFor(p)])) }
        : {}),
      messages: Object.fromEntries(
        types.map((t) => [messageKey(t), { $ref: `#/components/messages/${messageKey(t)}` }]),
      ),
      'x-nats-stream': stream?.name ?? null,
    };
  }
  return out;
}

function parameterFor(name: string): JsonSchema {
  const doc = parameterDocs[name];
  if (!doc) throw new Error(`subject parameter <${name}> has no documentation in scripts/asyncapi.ts`);
  return {
    description: doc.description,
    ...(doc.enum ? { enum: [...doc.enum] } : {}),
    ...(doc.examples ? { examples: doc.examples } : {}),
  };
}

/** NATS subject filter match: `*` one token, `>` the rest; `<param>` tokens in a pattern match `*`. */
function subjectMatches(filter: string, pattern: string): boolean {
  const f = filter.split('.');
  const p = pattern.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return p.length > i;
    if (f[i] !== '*' && f[i] !== p[i]) return false;
  }
  return f.length === p.length;
}

function operation(action: 'send' | 'receive', use: Publication | Subscription): [string, JsonSchema] {
  const type = use.eventType;
  const channel = channelKey(catalog[type].subject);
  const sub = 'stream' in use ? use : undefined;
  const subjectsNote = use.subjects ? ` on ${use.subjects.map((s) => `\`${s}\``).join(', ')}` : '';
  const how = sub
    ? sub.durable
      ? ` through the durable pull consumer \`${sub.durable}\` on stream ${sub.stream} (explicit ack; replicas share it).`
      : ` through an ephemeral ordered consumer on stream ${sub.stream}.`
    : '.';
  return [
    `${use.service}_${action}_${messageKey(type)}`,
    {
      action,
      channel: { $ref: `#/channels/${channel}` },
      title: `${use.service} ${action}s ${type}`,
      summary: `${use.service} ${action === 'send' ? 'publishes' : 'consumes'} ${type}${subjectsNote}${how}`,
      messages: [{ $ref: `#/channels/${channel}/messages/${messageKey(type)}` }],
      ...(sub
        ? {
            'x-nats-consumer': {
              stream: sub.stream,
              durable: sub.durable ?? null,
              filterSubjects: sub.subjects ?? [],
            },
          }
        : {}),
    },
  ];
}

const description = `Events of Intent Radar on NATS JetStream. zod schemas in proto-schemas/src are the source of truth; this file and generated/*.schema.json are generated by scripts/generate.ts (do not edit by hand).

Every message body is a JSON envelope \`{ id, type, occurredAt, source, data }\`. \`type\` carries the version (\`post.scored.v1\`): a breaking change is published as a new \`vN\` type next to the old one, which keeps flowing until its consumers are retired. Additive optional fields may appear in an existing version, so ignore unknown properties.

Headers on every message: \`${headers.msgId}\` (deterministic; JetStream drops a second publish with the same id inside the stream's duplicate window, so retries and redeliveries publish nothing twice), \`${headers.traceparent}\` (W3C trace context) and \`${headers.eventType}\` (the envelope type).

Deterministic message ids: ${Object.entries(messageIdRules)
  .map(([type, rule]) => `${type} -> \`${rule}\``)
  .join('; ')}.

Streams: ${streamLayout.map((s) => `${s.name} (${s.subjects.join(', ')}; ${s.retention}${s.notes ? `; ${s.notes}` : ''})`).join('; ')}.

Durable consumers: ${[...new Set(Object.values(consumers).map((c) => (typeof c === 'function' ? c(PLATFORM) : c)))].join(', ')}. KV buckets: ${Object.values(kvBuckets).join(', ')}.`;

/** The AsyncAPI 3.0.0 document as a plain object, deterministic for a given source tree. */
export function buildAsyncApi(version: string): JsonSchema {
  const operations = [
    ...publications.map((p) => operation('send', p)),
    ...deadLetterPublications.map((p) => operation('send', p)),
    ...subscriptions.map((s) => operation('receive', s)),
  ].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    asyncapi: '3.0.0',
    info: { title: 'Intent Radar events', version, description },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:4222',
        protocol: 'nats',
        description: 'Development NATS with JetStream (NATS_URL).',
      },
    },
    channels: channels(),
    operations: Object.fromEntries(operations),
    components: {
      schemas: Object.fromEntries(
        EVENT_TYPES.map((t) => [messageKey(t), { $id: schemaId(t), ...envelopeJsonSchema(t, 'draft-07') }]),
      ),
      messages: Object.fromEntries(EVENT_TYPES.map((t) => [messageKey(t), message(t)])),
    },
    'x-streams': streamLayout.map((s) => ({
      name: s.name,
      subjects: s.subjects,
      retention: s.retention,
      notes: s.notes,
    })),
    'x-durable-consumers': [...subscriptions]
      .filter((s) => s.durable !== undefined)
      .map((s) => ({
        durable: s.durable,
        stream: s.stream,
        service: s.service,
        eventType: s.eventType,
        filterSubjects: s.subjects ?? [],
      })),
    'x-message-ids': messageIdRules,
  };
}

/** The YAML text written to proto-schemas/asyncapi.yaml. */
export function renderAsyncApi(version: string): string {
  const header =
    '# Generated by proto-schemas/scripts/generate.ts from the zod catalog. Do not edit: run npm run generate -w @intent-radar/proto-schemas\n';
  // lineWidth 0: never fold long strings, so the output does not depend on yaml's wrapping rules.
  return (
    header +
    stringify(buildAsyncApi(version), { lineWidth: 0, aliasDuplicateObjects: false, sortMapEntries: false })
  );
}
