/** Reddit ids are base36 counters; t3 (posts) and t1 (comments) count separately. */
const REDDIT_ID = /^[1-9a-z][0-9a-z]{0,15}$/;

/** True for a canonical base36 id (no leading zero), the only kind `idsAfter` can count from. */
export function isRedditId(id: string): boolean {
  return REDDIT_ID.test(id);
}

/** A longer id is newer; equal lengths compare as strings. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The `count` ids after `id`, oldest first. BigInt: a counter past 2^53 stays exact. */
export function idsAfter(id: string, count: number): string[] {
  if (!isRedditId(id)) throw new RangeError(`not a Reddit id: ${JSON.stringify(id.slice(0, 40))}`);
  let n = 0n;
  for (const ch of id) n = n * 36n + BigInt(parseInt(ch, 36));
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push((++n).toString(36));
  return out;
}
