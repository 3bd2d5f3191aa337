import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '../../dashboard/live.js';
import { postgresTestsEnabled, useTestDatabase } from '../../../test/support/postgres.js';
import { createPostgresLiveBus, livePayloads, MAX_PAYLOAD_BYTES, publishLive, subscribeLive } from './live.js';

const message = (leadId: number): LiveMessage => ({ type: 'lead.updated', leadId, at: Date.UTC(2025, 0, 1) + leadId });

describe('livePayloads', () => {
  it('packs messages in order into JSON arrays that each fit a NOTIFY', () => {
    const messages = Array.from({ length: 1000 }, (_, i) => message(i));
    const payloads = livePayloads(messages);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(payloads.flatMap((p) => JSON.parse(p) as LiveMessage[])).toEqual(messages);
    expect(livePayloads([])).toEqual([]);
  });
});

describe.runIf(postgresTestsEnabled('collector/store/postgres/live.test.ts'))('live updates across collectors (LISTEN/NOTIFY)', () => {
  const pg = useTestDatabase();

  it('a listener on another collector hears committed changes, in commit order, and never rolled-back ones', async () => {
    const heard: LiveMessage[][] = [];
    let wake: () => void = () => {};
    const unlisten = await subscribeLive(pg.connect({ max: 1 }), (messages) => {
      heard.push(messages);
      wake();
    });
    const publisher = pg.connect({ max: 1 });
    await publisher
      .begin(async (tx) => {
        await publishLive(tx, [message(1)]);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const many = Array.from({ length: 400 }, (_, i) => message(100 + i));
    const arrived = new Promise<void>((resolve) => (wake = () => heard.flat().length >= 1 + many.length && resolve()));
    await publisher.begin((tx) => publishLive(tx, [message(2)]));
    await publisher.begin((tx) => publishLive(tx, many));
    await arrived;
    expect(heard.length).toBeGreaterThan(2);
    expect(heard.flat()).toEqual([message(2), ...many]);
    await unlisten();
  });
});

describe.runIf(postgresTestsEnabled('collector/store/postgres/live.test.ts'))('the fleet live bus', () => {
  const pg = useTestDatabase();

  it('announces one collector’s publish to every subscriber, its own included, until they unsubscribe', async () => {
    const [one, two] = [createPostgresLiveBus(pg.connect({ max: 2 })), createPostgresLiveBus(pg.connect({ max: 2 }))];
    const heard = { one: [] as LiveMessage[], two: [] as LiveMessage[] };
    const waiters: (() => void)[] = [];
    const hear = (into: LiveMessage[]) => (messages: LiveMessage[]) => {
      into.push(...messages);
      waiters.splice(0).forEach((w) => w());
    };
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    const stopOne = await one.subscribe(hear(heard.one));
    const stopTwo = await two.subscribe(hear(heard.two));
    await one.publish([message(7), message(8)]);
    await until(() => heard.one.length === 2 && heard.two.length === 2);
    expect(heard).toEqual({ one: [message(7), message(8)], two: [message(7), message(8)] });
    await stopTwo();
    await one.publish([message(9)]);
    await until(() => heard.one.length === 3);
    expect(heard.two).toEqual([message(7), message(8)]);
    await stopOne();
  });
});
