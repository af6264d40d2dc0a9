import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingError } from './embedder.ts';
import { createOpenAIEmbedder } from './openai.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixture = JSON.parse(
  readFileSync(
    path.resolve(repoRoot, '../shared/fixtures/openai/embeddings.text-embedding-3-large.trimmed.json'),
    'utf8',
  ),
) as {
  object: string;
  data: { object: string; index: number; embedding: number[] }[];
  model: string;
  usage: unknown;
};

interface Seen {
  model: string;
  input: string[];
  dimensions: number;
  auth: string | undefined;
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

// An OpenAI-compatible embeddings endpoint answering in the real wire format (fixture shape).
describe('createOpenAIEmbedder', () => {
  let server: Server;
  let baseURL = '';
  const seen: Seen[] = [];
  let wrongDimensions = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      void body(req).then((text) => {
        const request = JSON.parse(text) as Omit<Seen, 'auth'>;
        seen.push({ ...request, auth: req.headers.authorization });
        const size = wrongDimensions ? 8 : request.dimensions;
        const data = request.input
          .map((input, index) => ({
            ...fixture.data[0],
            index,
            embedding: Array.from({ length: size }, (_, i) => ((input.length + i) % 7) + 1),
          }))
          .reverse(); // the API does not promise order; the client must sort by index
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ...fixture, data, model: request.model }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('asks text-embedding-3-small for 384 dimensions and returns unit vectors in input order', async () => {
    const embedder = createOpenAIEmbedder({ baseURL, apiKey: 'sk-test', batchSize: 2, maxRetries: 0 });
    const vectors = await embedder.embed(['a', 'bb', 'ccc']);
    expect(embedder.model).toBe('openai:text-embedding-3-small@384');
    expect(seen.map((s) => s.input)).toEqual([['a', 'bb'], ['ccc']]);
    expect(seen.every((s) => s.model === 'text-embedding-3-small' && s.dimensions === 384)).toBe(true);
    expect(seen[0]?.auth).toBe('Bearer sk-test');
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toHaveLength(384);
      expect(Math.sqrt(v.reduce((s, x) => s + x * x, 0))).toBeCloseTo(1, 10);
    }
    // input 'a' (length 1) starts its pattern at 2, 'bb' at 3: order was restored.
    expect(vectors[0]![0]! / vectors[0]![1]!).toBeCloseTo(2 / 3, 10);
    expect(vectors[1]![0]! / vectors[1]![1]!).toBeCloseTo(3 / 4, 10);
  });

  it('refuses vectors of the wrong dimension with a typed error', async () => {
    wrongDimensions = true;
    try {
      const embedder = createOpenAIEmbedder({ baseURL, apiKey: 'sk-test', maxRetries: 0 });
      await expect(embedder.embed(['x'])).rejects.toBeInstanceOf(EmbeddingError);
    } finally {
      wrongDimensions = false;
    }
  });

  it('wraps an unreachable endpoint in EmbeddingError', async () => {
    const embedder = createOpenAIEmbedder({
      baseURL: 'http://127.0.0.1:9/v1',
      apiKey: 'sk-test',
      maxRetries: 0,
      timeoutMs: 2000,
    });
    await expect(embedder.embed(['x'])).rejects.toMatchObject({ code: 'EMBEDDING_FAILED' });
  });
});
