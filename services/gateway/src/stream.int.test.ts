import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjects } from '@intent-radar/proto-schemas';
import { startHarness, signup, type Harness, type Session } from './testing/gateway-harness.ts';

let h: Harness;
let a: Session;
let b: Session;
let base: string;

beforeAll(async () => {
  h = await startHarness();
  await h.gateway.start();
  base = `http://127.0.0.1:${h.gateway.port()}`;
  a = await signup(h);
  b = await signup(h);
});
afterAll(async () => {
  await h?.close();
});

function created(workspaceId: string, title: string) {
  const signalId = randomUUID();
  return h.bus.publish(
    'signal.created.v1',
    subjects.signalCreated('reddit'),
    {
      signalId, workspaceId, monitorId: randomUUID(), monitorName: 'm', postId: randomUUID(), platform: 'reddit', url: 'https://reddit.com/x', title, excerpt: 'e',
      author: { handle: 'h' }, postedAt: new Date().toISOString(), intentScore: 8, summary: 's', painPoints: [], competitors: [], decisionStage: 'evaluating',
    },
    { msgId: `signal:${signalId}` },
  );
}

/** Reads SSE frames until `until` matches one, with a deadline. */
async function readUntil(res: Response, until: (frame: string) => boolean, ms = 10_000): Promise<string[]> {
  const reader = res.body!.getReader();
  const frames: string[] = [];
  let buf = '';
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('sse deadline')), deadline - Date.now()))]);
      if (chunk.done) break;
      buf += new TextDecoder().decode(chunk.value);
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (frame.startsWith(':') || frame.startsWith('retry')) continue;
        frames.push(frame);
        if (until(frame)) return frames;
      }
    }
    return frames;
  } finally {
    await reader.cancel();
  }
}

describe('live feed', () => {
  it('delivers a new signal to its own workspace only, and resumes after Last-Event-ID', async () => {
    const res = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${a.accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    await created(b.workspaceId, 'for B');
    const first = await created(a.workspaceId, 'for A');
    const frames = await readUntil(res, (f) => f.includes('for A'));
    expect(frames.some((f) => f.includes('for B'))).toBe(false);
    expect(frames.at(-1)).toContain(`id: ${first.seq}`);
    expect(frames.at(-1)).toContain('event: signal.created.v1');

    // Missed while disconnected: B's and A's; resuming from the last id gets only A's.
    await created(b.workspaceId, 'B while away');
    await created(a.workspaceId, 'A while away');
    const resumed = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${a.accessToken}`, 'last-event-id': String(first.seq) } });
    const later = await readUntil(resumed, (f) => f.includes('A while away'));
    expect(later.map((f) => /"title":"([^"]+)"/.exec(f)?.[1])).toEqual(['A while away']);
  });

  it('refuses the stream without credentials', async () => {
    const res = await fetch(`${base}/api/v1/stream`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
