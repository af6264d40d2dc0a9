// Postgres text and jsonb cannot hold NUL, and scraped posts sometimes carry one: drop the
// character rather than the post (the insert would fail on every retry).

/** The string without NUL characters. */
export const pgText = (text: string): string => text.replaceAll('\u0000', '');

export const pgOptionalText = (text: string | undefined): string | null =>
  text === undefined ? null : pgText(text);

/**
 * JSON text for a jsonb parameter, with NUL removed from every string in it. JSON writes a NUL as
 * \u0000, so text without that sequence has none; only then is the (5x slower) replacer pass run.
 */
export const toJsonb = (value: unknown): string => {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? pgText(v) : v)) : json;
};
