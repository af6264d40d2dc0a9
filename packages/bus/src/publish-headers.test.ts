import fc from 'fast-check';
import { headers as natsHeaders, type MsgHdrsImpl } from '@nats-io/transport-node';
import { headers as proto } from '@intent-radar/proto-schemas';
import { describe, expect, it } from 'vitest';
import { PublishHeaders } from './publish-headers.ts';

/** What the publisher sent before: nats.js headers built with append(). */
function appended(traceparent: string, eventType: string, msgId: string): Uint8Array {
  const h = natsHeaders() as MsgHdrsImpl;
  h.append(proto.traceparent, traceparent);
  h.append(proto.eventType, eventType);
  h.append(proto.msgId, msgId);
  return h.encode();
}

describe('PublishHeaders', () => {
  it('encodes to the bytes nats.js append() + encode() give, for any values without CR/LF', () => {
    const value = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(value, value, value, (tp, type, id) => {
        expect(Buffer.from(new PublishHeaders(tp, type, id).encode())).toEqual(Buffer.from(appended(tp, type, id)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads like the headers append() builds', () => {
    const h = new PublishHeaders('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'post.scored.v1', ' reddit:t3_x ');
    expect(h.get(proto.msgId)).toBe('reddit:t3_x');
    expect(h.get(proto.eventType)).toBe('post.scored.v1');
    expect(h.keys()).toEqual([proto.traceparent, proto.eventType, proto.msgId]);
  });

  it('encodes what it holds after a change, not what it was built with', () => {
    const h = new PublishHeaders('tp', 'post.raw.v1', 'reddit:1');
    h.set(proto.msgId, 'reddit:2');
    expect(Buffer.from(h.encode()).toString()).toContain(`${proto.msgId}: reddit:2\r\n`);
    h.append('extra', 'x');
    expect(Buffer.from(h.encode()).toString()).toContain('extra: x\r\n');
  });

  it('refuses a line break in a value, as append() does', () => {
    expect(() => new PublishHeaders('tp', 'post.raw.v1', 'a\r\nb')).toThrow();
  });
});
