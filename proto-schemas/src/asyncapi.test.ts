import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity, Parser, type Diagnostic } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../scripts/outputs.ts';
import { catalog, EVENT_TYPES } from './catalog.ts';
import { PLATFORMS } from './names.ts';

// Two copies of @stoplight/types declare the enum, so compare the numbers.
const isError = (d: Diagnostic) => (d.severity as number) === (DiagnosticSeverity.Error as number);

const text = readFileSync(path.join(packageRoot, 'asyncapi.yaml'), 'utf8');

describe('asyncapi.yaml', () => {
  it('parses with @asyncapi/parser without any error diagnostic', { timeout: 60_000 }, async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter(isError).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();

    // Every catalog event is a message, with its payload resolved to the envelope schema.
    const messages = document!.allMessages().all();
    expect(messages.map((m) => m.name()).sort()).toEqual([...EVENT_TYPES].sort());
    const scored = messages.find((m) => m.name() === 'post.scored.v1')!;
    expect(scored.payload()?.properties()?.type?.const()).toBe('post.scored.v1');

    const channel = document!
      .channels()
      .all()
      .find((c) => c.address() === 'posts.scored.{platform}')!;
    expect(channel.parameters().get('platform')?.schema()?.enum()).toEqual([...PLATFORMS]);
    const receivers = channel
      .operations()
      .filterByReceive()
      .map((o) => o.id());
    expect(receivers).toContain('dedup-embedder_receive_postScoredV1');
  });

  it('reports a broken reference as an error (the check above can fail)', { timeout: 60_000 }, async () => {
    const broken = text.replace('"#/components/schemas/postRawV1"', '"#/components/schemas/missingV1"');
    expect(broken).not.toBe(text);
    const { diagnostics } = await new Parser().parse(broken);
    expect(diagnostics.some(isError)).toBe(true);
  });

  it('has one channel per subject pattern of the catalog', () => {
    const patterns = new Set(Object.values(catalog).map((e) => e.subject.replace(/<([a-z]+)>/g, '{$1}')));
    for (const address of patterns) expect(text).toContain(`address: ${address}`);
  });
});
