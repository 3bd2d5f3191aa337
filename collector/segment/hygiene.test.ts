import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestKindling, countEvents } from '../../test/support/kindling.js';
import { count } from '../../test/support/query.js';
import { postSegment, storedEvents } from '../../test/support/segment.js';

/** `/v1/*` input hygiene: what the Segment routes refuse whatever the message schema says. */
let k: Awaited<ReturnType<typeof startTestKindling>>;
beforeEach(async () => {
  k = await startTestKindling();
});
afterEach(() => k.cleanup());

const countLeads = () => count(k, 'leads');
async function refused(res: Response): Promise<{ path: string; message: string }[]> {
  expect(res.status, await res.clone().text()).toBe(400);
  const { error } = (await res.json()) as { error: { code: string; message: string; details?: { path: string; message: string }[] } };
  expect(error.code).toBe('bad_request');
  expect(await countEvents(k)).toBe(0);
  expect(await countLeads()).toBe(0);
  return error.details ?? [];
}
/** A JSON body with `bad` spliced in as raw bytes where `@@` stands. */
const bytesWith = (json: string, bad: number[]) => {
  const [before, after] = json.split('@@') as [string, string];
  return new Uint8Array(Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]));
};

describe('/v1/* refuses what it cannot store faithfully', () => {
  it.each([
    ['a stray continuation byte', [0x80]],
    ['an invalid lead byte', [0xff]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ])('invalid UTF-8 (%s) is a 400, not U+FFFD', async (_what, bad) => {
    const body = bytesWith('{"userId":"u1","event":"Signed @@ up"}', bad);
    await refused(await postSegment(k, 'track', body));
    await refused(await postSegment(k, 'track', new Uint8Array(gzipSync(body)), { 'content-encoding': 'gzip' }));
  });

  it('valid UTF-8 passes untouched', async () => {
    const res = await postSegment(k, 'track', { userId: 'u1', event: 'Grüße 😀', properties: { plan: 'Équipe' } });
    expect(res.status).toBe(200);
    expect((await storedEvents(k))[0]).toMatchObject({ name: 'Grüße 😀', props: { custom: { plan: 'Équipe' } } });
  });

  it.each([
    ['a string', 'mobile'],
    ['an array', [{ ip: '10.0.0.1' }]],
    ['a number', 7],
    ['true', true],
  ])("a batch item's context that is %s is refused, not replaced by the batch's", async (_what, context) => {
    const details = await refused(
      await postSegment(k, 'batch', {
        context: { ip: '203.0.113.9' },
        batch: [
          { type: 'track', userId: 'u1', event: 'ok' },
          { type: 'track', userId: 'u1', event: 'e', context },
        ],
      }),
    );
    expect(details.map((d) => d.path)).toEqual(['batch.1.context']);
  });

  it("an item's null context takes the batch's, as an absent one does", async () => {
    const res = await postSegment(k, 'batch', {
      context: { ip: '203.0.113.9' },
      batch: [{ type: 'track', userId: 'u1', event: 'e', context: null }],
    });
    expect(res.status).toBe(200);
    expect((await storedEvents(k))[0]).toMatchObject({ ip: '203.0.113.0' });
  });

  it.each([
    ['an event name', 'track', { userId: 'u1', event: 'Signed up \ud800' }, 'event'],
    ['a property value', 'track', { userId: 'u1', event: 'e', properties: { plan: ['team', '\udfff'] } }, 'properties.plan.1'],
    ['a property key', 'track', { userId: 'u1', event: 'e', properties: { 'plan\ud800': 1 } }, 'properties'],
    ['a trait', 'identify', { userId: 'u1', traits: { email: 'ada@acme.io', title: 'CTO \udbff' } }, 'traits.title'],
    ['a batched message', 'batch', { batch: [{ type: 'page', anonymousId: 'a\ud800', name: 'Home' }] }, 'batch.0.anonymousId'],
  ])('a lone surrogate in %s is refused', async (_what, route, body, path) => {
    const details = await refused(await postSegment(k, route, body));
    expect(details).toEqual([{ path, message: expect.stringMatching(/lone surrogate/) }]);
  });

  it.each([
    ['NUL', 'a\u0000b@acme.io'],
    ['BEL', 'a\u0007b@acme.io'],
    ['DEL', 'a\u007fb@acme.io'],
    ['a right-to-left override', 'ceo\u202e@acme.io'],
  ])('an email with a control character (%s) does not become a lead', async (_what, email) => {
    const details = await refused(await postSegment(k, 'identify', { userId: 'u1', traits: { email } }));
    expect(details.map((d) => d.path)).toEqual(['traits.email']);
  });

  it('properties nested 4,200 levels deep (10 KB) are a 400, never a RangeError 500', async () => {
    const deep = `${'{"a":'.repeat(4200)}1${'}'.repeat(4200)}`;
    const single = await refused(await postSegment(k, 'track', `{"userId":"u1","event":"e","properties":${deep}}`));
    expect(single[0]!.message).toMatch(/nested deeper than 32 levels/);
    await refused(await postSegment(k, 'batch', `{"batch":[{"type":"identify","userId":"u1","traits":${deep}}]}`));
    await refused(await postSegment(k, 'track', `{"userId":"u1","event":"e","context":${deep}}`));
    // Reasonable nesting still passes.
    const nested = JSON.parse(`${'{"a":'.repeat(20)}1${'}'.repeat(20)}`) as unknown;
    expect((await postSegment(k, 'track', { userId: 'u1', event: 'e', properties: nested })).status).toBe(200);
  });
});
