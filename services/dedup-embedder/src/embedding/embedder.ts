/** Every vector stored in posts.embedding has this many dimensions (the column is vector(384)). */
export const EMBEDDING_DIMENSIONS = 384;

/**
 * Turns post texts into unit-length vectors. `model` is stored next to each vector: vectors of
 * different models live in different spaces and are never compared.
 */
export interface Embedder {
  readonly model: string;
  embed(texts: readonly string[]): Promise<number[][]>;
}

export class EmbeddingError extends Error {
  readonly code = 'EMBEDDING_FAILED';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
