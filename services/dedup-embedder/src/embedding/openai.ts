import OpenAI from 'openai';
import { z } from 'zod';
import { EMBEDDING_DIMENSIONS, EmbeddingError, type Embedder } from './embedder.ts';

export interface OpenAIEmbedderOptions {
  baseURL: string;
  apiKey: string;
  /** Default `text-embedding-3-small`; it supports shortening to 384 dimensions server side. */
  model?: string;
  /** Per-request timeout, in milliseconds. */
  timeoutMs?: number;
  maxRetries?: number;
  /** Inputs per request; the API accepts up to 2048. */
  batchSize?: number;
}

// The response is outside input: check the shape and the dimension before it reaches a vector(384) column.
const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});

/** Roughly 8k tokens is the model's input limit; 4 chars per token keeps us under it. */
const MAX_INPUT_CHARS = 30_000;

/** Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint, asking for 384 dimensions. */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const model = options.model ?? 'text-embedding-3-small';
  const batchSize = options.batchSize ?? 256;
  const client = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey,
    timeout: options.timeoutMs ?? 20_000,
    maxRetries: options.maxRetries ?? 2,
  });
  return {
    model: `openai:${model}@${EMBEDDING_DIMENSIONS}`,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = texts
          .slice(i, i + batchSize)
          .map((t) => (t.trim() === '' ? ' ' : t.slice(0, MAX_INPUT_CHARS)));
        let raw: unknown;
        try {
          raw = await client.embeddings.create({
            model,
            input: batch,
            dimensions: EMBEDDING_DIMENSIONS,
            encoding_format: 'float',
          });
        } catch (err) {
          throw new EmbeddingError(`embedding request to ${model} failed: ${(err as Error).message}`, {
            cause: err,
          });
        }
        out.push(...vectorsFromResponse(raw, batch.length, model));
      }
      return out;
    },
  };
}

/** Checks an embeddings response for `inputs` texts: one vector per input, in input order, unit length (zero stays zero). */
export function vectorsFromResponse(raw: unknown, inputs: number, model: string): number[][] {
  const parsed = responseSchema.safeParse(raw);
  if (!parsed.success) throw new EmbeddingError(`embedding response of ${model} has an unexpected shape`);
  const byIndex = [...parsed.data.data].sort((a, b) => a.index - b.index);
  if (byIndex.length !== inputs) {
    throw new EmbeddingError(`embedding response has ${byIndex.length} vectors for ${inputs} inputs`);
  }
  // A repeated or skipped index would give one input another input's vector.
  if (byIndex.some((d, i) => d.index !== i)) {
    throw new EmbeddingError(`embedding response indexes are not 0..${inputs - 1}`);
  }
  return byIndex.map(({ embedding }) => {
    if (embedding.length !== EMBEDDING_DIMENSIONS) {
      throw new EmbeddingError(
        `embedding has ${embedding.length} dimensions, expected ${EMBEDDING_DIMENSIONS}`,
      );
    }
    return normalize(embedding);
  });
}

/**
 * text-embedding-3 vectors are unit length already; shortened or third-party ones may not be.
 * hypot, not a sum of squares: components near 1e200 overflowed to an all-zero vector. A zero
 * vector stays zero: the store treats it as matching nothing (as the local embedder's empty text).
 */
function normalize(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((v) => v / norm);
}
