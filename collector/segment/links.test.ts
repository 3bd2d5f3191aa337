import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../events/types.js';
import { resolveLinks, type LinkIntent, type LinkLookup } from './links.js';

const base = (eventId: string): NewEvent =>
  ({
    site: 'demo',
    eventId,
    visitorId: 'x',
    sessionId: null,
    type: 'identify',
    name: null,
    ts: 1,
    receivedAt: 1,
    props: { source: 'segment' },
  }) as NewEvent;

/** A lookup over fixed links (visitor → email) and remembered pairs. */
function lookup(links: Record<string, string>, pairs: readonly (readonly [string, string])[] = []): LinkLookup {
  return {
    emailOf: async (v) => links[v] ?? null,
    neighbours: async (v) => pairs.flatMap(([a, b]) => (a === v ? [b] : b === v ? [a] : [])),
  };
}
const linked = (events: NewEvent[]) => events.map((e) => [e.visitorId, e.props.email]);

describe('resolveLinks', () => {
  it('alias: previousId joins the lead userId is on', async () => {
    const out = await resolveLinks(
      [{ kind: 'pair', other: 'seg:p', primary: 'seg:u', base: base('seg-1') }],
      lookup({ 'seg:u': 'ada@acme.io' }),
    );
    expect(linked(out.events)).toEqual([['seg:p', 'ada@acme.io']]);
    expect(out.events[0]).toMatchObject({ type: 'identify', name: 'alias' });
    expect(out.events[0]!.eventId).toMatch(/^seg-1\.l[A-Za-z0-9_-]{10}$/);
    expect(out.newPairs).toEqual([['seg:p', 'seg:u']]);
  });

  it('alias: userId joins the lead previousId is on when userId has none', async () => {
    const out = await resolveLinks(
      [{ kind: 'pair', other: 'seg:p', primary: 'seg:u', base: base('seg-1') }],
      lookup({ 'seg:p': 'ada@acme.io' }),
    );
    expect(linked(out.events)).toEqual([['seg:u', 'ada@acme.io']]);
  });

  it('an alias between unknown ids is remembered and applied when one of them identifies later', async () => {
    const first = await resolveLinks([{ kind: 'pair', other: 'seg:p', primary: 'seg:u', base: base('seg-1') }], lookup({}));
    expect(first.events).toEqual([]);
    const later = await resolveLinks(
      [{ kind: 'email', visitorIds: ['seg:u'], email: 'ada@acme.io', base: base('seg-2') }],
      lookup({}, [...first.newPairs]),
    );
    expect(linked(later.events)).toEqual([['seg:p', 'ada@acme.io']]);
  });

  it('in one request, order matters: identify then alias links; the chain follows remembered pairs', async () => {
    const intents: LinkIntent[] = [
      { kind: 'email', visitorIds: ['seg:u'], email: 'ada@acme.io', base: base('seg-1') },
      { kind: 'pair', other: 'seg:p', primary: 'seg:u', base: base('seg-2') },
    ];
    const out = await resolveLinks(intents, lookup({}, [['seg:p', 'seg:q']]));
    expect(linked(out.events)).toEqual([
      ['seg:p', 'ada@acme.io'],
      ['seg:q', 'ada@acme.io'],
    ]);
  });

  it('never moves a visitor that is on another lead, nor walks through it (people are never merged)', async () => {
    const out = await resolveLinks(
      [{ kind: 'email', visitorIds: ['seg:u2'], email: 'bob@acme.io', base: base('seg-1') }],
      lookup({ 'seg:shared': 'ada@acme.io', 'seg:u1': 'ada@acme.io' }, [
        ['seg:shared', 'seg:u1'],
        ['seg:shared', 'seg:u2'],
        ['seg:shared', 'seg:other'],
      ]),
    );
    expect(out.events).toEqual([]);
  });

  it('a known pair writes nothing new; a pair of the same visitor is ignored', async () => {
    const out = await resolveLinks(
      [
        { kind: 'pair', other: 'seg:p', primary: 'seg:u', base: base('seg-1') },
        { kind: 'pair', other: 'seg:u', primary: 'seg:u', base: base('seg-2') },
      ],
      lookup({ 'seg:u': 'a@b.io', 'seg:p': 'a@b.io' }, [['seg:p', 'seg:u']]),
    );
    expect(out).toEqual({ events: [], newPairs: [] });
  });
});
