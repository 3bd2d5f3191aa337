import { describe, expect, it } from 'vitest';
import { newEvent } from '../../test/support/engine.js';
import { engineStores, type EngineParts } from '../../test/support/engine-stores.js';
import type { LeadRow } from '../engine/projection/store.js';
import type { Transition } from '../engine/stages/machine.js';
import type { LeadModel } from '../engine/stages/lead-model.js';
import type { StoredEvent } from '../events/types.js';

const T0 = Date.UTC(2025, 0, 1);

const newLead = (email: string, domain: string | null = null, seq = 1) => ({
  email,
  company_domain: domain,
  created_at: T0,
  created_seq: seq,
  stage: 'lead' as const,
  stage_changed_at: T0,
});

const transition = (at: number, to: string, score: number): Transition => ({
  at,
  kind: 'stage',
  from: 'lead',
  to,
  direction: 'up',
  cause: 'engagement' as Transition['cause'],
  score,
});

/** Creates leads and returns them as stored. */
async function makeLeads(tx: EngineParts, ...specs: [string, string | null][]): Promise<LeadRow[]> {
  const rows: LeadRow[] = [];
  for (const [email, domain] of specs) {
    const { id } = await tx.leads.insert(newLead(email, domain));
    rows.push((await tx.leads.byId(id))!);
  }
  return rows;
}

for (const store of engineStores()) {
  describe.runIf(store.enabled)(`engine unit of work on ${store.name}`, () => {
    const h = store.harness();

    it('creates a lead and finds it by id and email (a second creator: PostgreSQL only, engine-concurrency.test.ts)', async () => {
      const first = await h.transaction((tx) => tx.leads.insert(newLead('ada@acme.io', 'acme.io', 7)));
      expect(first.created).toBe(true);
      const row = await h.transaction((tx) => tx.leads.byEmail('ada@acme.io'));
      expect(row).toMatchObject({ id: first.id, email: 'ada@acme.io', company_domain: 'acme.io', created_seq: 7, stage: 'lead', fit: 0 });
      expect(row).toMatchObject({ source: 'direct', rank_key: 0, disposition: null, next_timer_at: null });
      expect(await h.transaction((tx) => tx.leads.byId(first.id + 100))).toBeNull();
      expect(await h.transaction((tx) => tx.leads.count())).toBe(1);
    });

    it('updates the changed columns only, and locks without changing anything', async () => {
      await h.transaction(async (tx) => {
        const [row] = await makeLeads(tx, ['ada@acme.io', 'acme.io']);
        await tx.leads.lock([row!.id]);
        await tx.leads.lock([]);
        const next: LeadRow = { ...row!, name: 'Ada', fit: 12.5, rank_key: 3.25, stage: 'mql', next_timer_at: T0 + 10 };
        await tx.leads.update(next, row!);
        expect(await tx.leads.byId(row!.id)).toEqual(next);
        // `before` says nothing changed: the row is left as it is even if `row` differs from what is stored.
        await tx.leads.update({ ...next, title: 'CTO' }, { ...next, title: 'CTO' });
        expect((await tx.leads.byId(row!.id))!.title).toBeNull();
        await tx.leads.update({ ...next, title: 'CTO' }, null);
        expect((await tx.leads.byId(row!.id))!.title).toBe('CTO');
      });
    });

    it('reads every column of a lead row as stored, each in its place (by id, by email, and with its model)', async () => {
      await h.transaction(async (tx) => {
        const [row] = (await makeLeads(tx, ['ada@acme.io', 'acme.io'])) as [LeadRow];
        // A distinct value in every column: a column read into another's place shows as a difference.
        const filled: LeadRow = {
          ...row,
          name: 'Ada',
          title: 'CTO',
          company: 'Acme',
          first_seen_at: T0 + 1,
          last_seen_at: T0 + 2,
          first_touch_at: T0 + 3,
          source: 'newsletter',
          campaign: 'spring',
          stage: 'sql',
          disposition: 'accepted',
          stage_changed_at: T0 + 4,
          sql_since: T0 + 5,
          first_mql_at: T0 + 6,
          first_sql_at: T0 + 7,
          fit: 12.5,
          rank_key: 3.25,
          top_engagement_reason: 'visited pricing',
          top_engagement_rank: 1.75,
          top_fit_reason: 'company email address',
          top_fit_points: 10,
          next_timer_at: T0 + 8,
        };
        await tx.leads.update(filled, null);
        await tx.leads.saveModel(row.id, { m: 1 } as unknown as LeadModel);
        const [stored] = await tx.rows(`SELECT * FROM leads WHERE email = 'ada@acme.io'`);
        expect(stored).toEqual(filled);
        expect(await tx.leads.byId(row.id)).toStrictEqual({ ...stored });
        expect(await tx.leads.byEmail('ada@acme.io')).toStrictEqual({ ...stored });
        expect((await tx.leads.withModel(row.id))!.row).toStrictEqual({ ...stored });
      });
    });

    it('reads a lead with its model in one call: the row as byId has it, the model as model() has it, null when either is missing', async () => {
      await h.transaction(async (tx) => {
        const [ada, bob] = (await makeLeads(tx, ['ada@acme.io', 'acme.io'], ['bob@acme.io', null])) as [LeadRow, LeadRow];
        const model = { engagement: { n: 1.5 }, traits: {}, machine: { stage: 'lead' } } as unknown as LeadModel;
        await tx.leads.update({ ...ada, name: 'Ada', fit: 12.5, rank_key: 3.25, next_timer_at: T0 + 10 }, ada);
        await tx.leads.saveModel(ada.id, model);
        // Exactly the row's columns: nothing of the model's column is left on the row.
        expect(await tx.leads.withModel(ada.id)).toStrictEqual({ row: await tx.leads.byId(ada.id), model: await tx.leads.model(ada.id) });
        expect((await tx.leads.withModel(ada.id))!.model).toEqual(model);
        // A lead without a stored model (created in this unit, not yet saved), and no lead at all.
        expect(await tx.leads.withModel(bob.id)).toBeNull();
        expect(await tx.leads.withModel(bob.id + 100)).toBeNull();
      });
    });

    it('keeps the model, traits and history; rescore’s stored copy skips rewriting equal rows', async () => {
      await h.transaction(async (tx) => {
        const [{ id }] = (await makeLeads(tx, ['ada@acme.io', null])) as [LeadRow];
        expect(await tx.leads.model(id)).toBeNull();
        expect(await tx.leads.storedModel(id)).toBeNull();
        const model = { engagement: { n: 1.5 }, traits: {}, machine: { stage: 'lead' } } as unknown as LeadModel;
        await tx.leads.saveModel(id, model);
        expect(await tx.leads.model(id)).toEqual(model);
        expect(await tx.leads.storedModel(id)).toBe(JSON.stringify(model));
        // A stored copy equal to the model: nothing written (proved by a stored copy that differs from the table).
        const changed = { ...model, traits: { x: { value: 1, setAt: T0, seq: 1 } } } as unknown as LeadModel;
        await tx.leads.saveModel(id, changed, { model: JSON.stringify(changed), history: [], traits: new Map() });
        expect(await tx.leads.model(id)).toEqual(model);
        await tx.leads.saveModel(id, changed, { model: JSON.stringify(model), history: [], traits: new Map() });
        expect(await tx.leads.model(id)).toEqual(changed);
        // The rescore worker's model arrives serialized: stored as is, byte for byte (and skipped when equal to the stored copy).
        const serialized = JSON.stringify({ ...model, machine: { stage: 'sql' } });
        await tx.leads.saveModel(id, serialized);
        expect(await tx.leads.storedModel(id)).toBe(serialized);
        await tx.leads.saveModel(id, JSON.stringify(model), { model: JSON.stringify(model), history: [], traits: new Map() });
        expect(await tx.leads.storedModel(id)).toBe(serialized);

        await tx.leads.saveTrait(id, 'title', { value: 'CTO', setAt: T0, seq: 3 });
        await tx.leads.saveTrait(id, 'size', { value: 250, setAt: T0 + 1, seq: null });
        await tx.leads.saveTrait(id, 'title', { value: 'CEO', setAt: T0 + 2, seq: 4 });
        const same = new Map([['size', { value: '999', set_at: T0 + 9, evidence_seq: null }]]);
        await tx.leads.saveTrait(id, 'size', { value: 999, setAt: T0 + 9, seq: null }, { model: null, history: [], traits: same });
        expect(await tx.rows(`SELECT key, value, set_at, evidence_seq FROM lead_traits ORDER BY key`)).toEqual([
          { key: 'size', value: '250', set_at: T0 + 1, evidence_seq: null },
          { key: 'title', value: '"CEO"', set_at: T0 + 2, evidence_seq: 4 },
        ]);

        const history = [transition(T0, 'mql', 41.5), transition(T0 + 5, 'sql', -2)];
        await tx.leads.addHistory(id, history);
        await tx.leads.addHistory(id, []);
        await tx.leads.addHistory(id, [{ ...transition(T0 + 9, 'lead', 0), from: null, to: null, kind: 'disposition' }]);
        const historyRows = `SELECT at, kind, from_value, to_value, cause, score FROM lead_history ORDER BY id`;
        const asRow = (t: Transition) => ({ at: t.at, kind: t.kind, from_value: t.from, to_value: t.to, cause: t.cause, score: t.score });
        expect(await tx.rows(historyRows)).toEqual([
          ...history.map(asRow),
          { at: T0 + 9, kind: 'disposition', from_value: null, to_value: null, cause: 'engagement', score: 0 },
        ]);
        const replaced = [transition(T0 + 1, 'near_sql', 7)];
        await tx.leads.replaceHistory(id, replaced);
        expect(await tx.rows(historyRows)).toEqual(replaced.map(asRow));
        await tx.leads.replaceHistory(id, history, { model: null, history: history.map(asRow), traits: new Map() });
        expect(await tx.rows(historyRows)).toEqual(replaced.map(asRow));
      });
    });

    it('search index: index replaces a lead’s entry, unindex drops it', async () => {
      await h.transaction(async (tx) => {
        const [ada, bob] = (await makeLeads(tx, ['ada@acme.io', null], ['bob@x.io', null])) as [LeadRow, LeadRow];
        await tx.leads.index(ada);
        await tx.leads.index({ ...bob, name: 'Bob', company: 'X Corp' });
        await tx.leads.index({ ...ada, name: 'Ada L', company: 'Acme' });
        expect(await tx.searchEntries()).toEqual([
          { id: ada.id, email: 'ada@acme.io', name: 'Ada L', company: 'Acme' },
          { id: bob.id, email: 'bob@x.io', name: 'Bob', company: 'X Corp' },
        ]);
        await tx.leads.unindex(ada.id);
        await tx.leads.unindex(ada.id);
        expect((await tx.searchEntries()).map((r) => r.id)).toEqual([bob.id]);
      });
    });

    it('companies: rolled up from their leads, named by the greatest company name, dropped when empty', async () => {
      await h.transaction(async (tx) => {
        const [a, b, c] = (await makeLeads(tx, ['a@acme.io', 'acme.io'], ['b@acme.io', 'acme.io'], ['c@acme.io', 'acme.io'])) as LeadRow[];
        await tx.leads.update({ ...a!, company: 'acme', stage: 'mql', fit: 10, rank_key: 1.5 }, a!);
        await tx.leads.update({ ...b!, company: 'Acme Inc', stage: 'sql', fit: -2, rank_key: 0.25 }, b!);
        await tx.leads.update({ ...c!, company: 'Zeta', stage: 'near_sql', disposition: 'won', fit: 1, rank_key: 0 }, c!);
        await tx.leads.refreshCompany('acme.io');
        const companies = `SELECT domain, name, people, engaged_people, sum_fit, sum_rank FROM companies ORDER BY domain`;
        // Byte order, as SQLite compares: lower-case 'acme' sorts after 'Zeta' and 'Acme Inc'.
        expect(await tx.rows(companies)).toEqual([
          { domain: 'acme.io', name: 'acme', people: 3, engaged_people: 3, sum_fit: 9, sum_rank: 1.75 },
        ]);
        await tx.leads.update({ ...a!, company: null, stage: 'lead' }, null);
        await tx.leads.refreshCompany('acme.io');
        expect(await tx.rows(companies)).toMatchObject([{ name: 'Zeta', people: 3, engaged_people: 2, sum_fit: -1 }]);
        await tx.leads.refreshCompany('nobody.io');
        for (const lead of [a!, b!, c!]) await tx.leads.remove(lead.id);
        await tx.leads.refreshCompany('acme.io');
        expect(await tx.rows(companies)).toEqual([]);
      });
    });

    it('rank rescaling multiplies every lead’s keys and every company’s sum; null and zero stay', async () => {
      await h.transaction(async (tx) => {
        const [a, b] = (await makeLeads(tx, ['a@acme.io', 'acme.io'], ['b@x.io', null])) as LeadRow[];
        await tx.leads.update({ ...a!, rank_key: 8, top_engagement_rank: 4 }, a!);
        await tx.leads.refreshCompany('acme.io');
        await tx.leads.rescaleRanks(0.25);
        expect(await tx.rows(`SELECT rank_key, top_engagement_rank FROM leads ORDER BY id`)).toEqual([
          { rank_key: 2, top_engagement_rank: 1 },
          { rank_key: 0, top_engagement_rank: null },
        ]);
        expect(await tx.rows(`SELECT sum_rank FROM companies`)).toEqual([{ sum_rank: 2 }]);
        expect(b!.rank_key).toBe(0);
      });
    });

    it('due timers: those due by `to`, soonest first (ties by id), at most `limit`', async () => {
      await h.transaction(async (tx) => {
        const rows = await makeLeads(tx, ['a@x.io', null], ['b@x.io', null], ['c@x.io', null], ['d@x.io', null], ['e@x.io', null]);
        const timers = [T0 + 30, T0 + 10, null, T0 + 10, T0 + 99];
        for (const [i, row] of rows.entries()) await tx.leads.update({ ...row, next_timer_at: timers[i]! }, row);
        const [a, b, , d] = rows.map((r) => r.id);
        expect(await tx.leads.dueTimers(T0 + 30, 10)).toEqual([b, d, a]);
        expect(await tx.leads.dueTimers(T0 + 30, 2)).toEqual([b, d]);
        expect(await tx.leads.dueTimers(T0 + 9, 10)).toEqual([]);
      });
    });

    it('erasure: a lead’s events and the lead go with everything hanging off it; empty browsers are forgotten', async () => {
      await h.transaction(async (tx) => {
        const [ada, bob] = (await makeLeads(tx, ['ada@acme.io', null], ['bob@x.io', null])) as LeadRow[];
        const [e1, e2, e3] = await tx.log.append([
          newEvent({ visitorId: 'v1', type: 'pageview', ts: T0 }),
          newEvent({ visitorId: 'v2', type: 'pageview', ts: T0 + 1 }),
          newEvent({ visitorId: 'v2', type: 'pageview', ts: T0 + 2 }),
        ]);
        await tx.events.assign(e1!.seq, ada!.id);
        await tx.events.assign(e2!.seq, ada!.id);
        await tx.events.assign(e3!.seq, bob!.id);
        for (const [visitorId, e, lead] of [
          ['v1', e1!, ada!],
          ['v2', e2!, ada!],
          ['v2', e3!, bob!],
        ] as const) {
          await tx.identity.link({ site: 'demo', visitorId, leadId: lead.id, evidenceSeq: e.seq, linkedAt: T0, kind: 'anonymous' });
        }
        await tx.leads.saveModel(ada!.id, {} as LeadModel);
        await tx.leads.saveTrait(ada!.id, 'title', { value: 'CTO', setAt: T0, seq: 1 });
        await tx.leads.addHistory(ada!.id, [transition(T0, 'mql', 1)]);
        await tx.leads.addAction({ leadId: ada!.id, at: T0, action: 'accept', note: 'call', afterSeq: e3!.seq });
        expect(await tx.identity.browsersOf(ada!.id)).toEqual([
          { site: 'demo', visitorId: 'v1' },
          { site: 'demo', visitorId: 'v2' },
        ]);

        await tx.events.removeForLead(ada!.id);
        await tx.leads.remove(ada!.id);
        for (const b of [
          { site: 'demo', visitorId: 'v1' },
          { site: 'demo', visitorId: 'v2' },
        ])
          await tx.identity.forgetIfEmpty(b.site, b.visitorId);
        expect(await tx.leads.byId(ada!.id)).toBeNull();
        expect(await tx.events.forLead(ada!.id)).toEqual([]);
        expect(await tx.identity.browsersOf(ada!.id)).toEqual([]);
        for (const table of ['lead_state', 'lead_traits', 'lead_history', 'lead_actions', 'identity_links', 'visitor_leads'])
          expect(await tx.rows(`SELECT COUNT(*) AS n FROM ${table} WHERE lead_id = ${ada!.id}`)).toEqual([{ n: 0 }]);
        expect(await tx.rows(`SELECT id FROM visitors ORDER BY id`)).toEqual([{ id: 'v2' }]);
        expect((await tx.events.forLead(bob!.id)).map((e) => e.seq)).toEqual([e3!.seq]);
      });
    });

    it('events: per lead in log order (from a seq on), a browser’s anonymous ones attributed once, assigned, the last seq', async () => {
      await h.transaction(async (tx) => {
        expect(await tx.events.lastSeq()).toBe(0);
        const [ada] = (await makeLeads(tx, ['ada@acme.io', null])) as LeadRow[];
        const stored = await tx.log.append([
          newEvent({ visitorId: 'v1', type: 'pageview', ts: T0, props: { href: 'https://x.io/a' } }),
          newEvent({ visitorId: 'v2', type: 'pageview', ts: T0 + 1 }),
          newEvent({ visitorId: 'v1', type: 'download', ts: T0 + 2, name: 'guide.pdf' }),
          newEvent({ visitorId: 'v1', type: 'identify', ts: T0 + 3 }),
          newEvent({ visitorId: 'v1', type: 'pageview', ts: T0 + 4 }),
        ]);
        const [s1, , s3, link, after] = stored.map((e) => e.seq) as number[];
        expect(await tx.events.lastSeq()).toBe(after);
        await tx.events.assign(link!, ada!.id);
        const priors = await tx.identity.attributeAnonymous('demo', 'v1', link!, ada!.id);
        expect(priors).toEqual([stored[0], stored[2]].map((e) => ({ ...e, leadId: ada!.id })));
        expect(await tx.identity.attributeAnonymous('demo', 'v1', link!, ada!.id)).toEqual([]);
        expect(await tx.identity.attributeAnonymous('other', 'v1', link!, ada!.id)).toEqual([]);
        await tx.events.assign(after!, ada!.id);
        const mine = await tx.events.forLead(ada!.id);
        // Only the fields the engagement fold reads, the same on both stores.
        const scoring = ({ seq, type, name, ts, path, pageClass, props }: StoredEvent) => ({ seq, type, name, ts, path, pageClass, props });
        expect(mine).toEqual([stored[0], stored[2], stored[3], stored[4]].map((e) => scoring(e!)));
        expect((await tx.events.forLeadFrom(ada!.id, s3!)).map((e) => e.seq)).toEqual([s3, link, after]);
        expect(await tx.events.forLeadFrom(ada!.id, after! + 1)).toEqual([]);
        // v2's event is not v1's: it stays anonymous.
        expect(await tx.rows(`SELECT COUNT(*) AS n FROM events WHERE lead_id IS NULL`)).toEqual([{ n: 1 }]);
        expect(await tx.rows(`SELECT seq, attributed_seq FROM events WHERE lead_id IS NOT NULL ORDER BY seq`)).toEqual([
          { seq: s1, attributed_seq: link },
          { seq: s3, attributed_seq: link },
          { seq: link, attributed_seq: null },
          { seq: after, attributed_seq: null },
        ]);
      });
    });

    it('retention: deletes from the head of the log what was received before the cutoff, a chunk at a time', async () => {
      await h.transaction(async (tx) => {
        const received = [T0, T0 + 1, T0 + 5, T0 + 2, T0 + 3];
        await tx.log.append(received.map((r, i) => newEvent({ visitorId: 'v', type: 'pageview', ts: T0 + i, receivedAt: r })));
        expect(await tx.events.removeReceivedBefore(T0 + 4, 1)).toBe(1);
        // The head's next two rows: one old, one young (T0+5) — only the old goes, and the young one stops the walk.
        expect(await tx.events.removeReceivedBefore(T0 + 4, 2)).toBe(1);
        expect(await tx.rows(`SELECT received_at FROM events ORDER BY seq`)).toEqual(
          [T0 + 5, T0 + 2, T0 + 3].map((received_at) => ({ received_at })),
        );
        expect(await tx.events.removeReceivedBefore(T0 + 4, 1)).toBe(0);
      });
    });

    it('identity: current lead, links as history and pointer, a browser’s first touch', async () => {
      await h.transaction(async (tx) => {
        const [ada, bob] = (await makeLeads(tx, ['ada@acme.io', null], ['bob@x.io', null])) as LeadRow[];
        expect(await tx.identity.touch('demo', 'v1')).toBeNull();
        await tx.log.append([newEvent({ visitorId: 'v1', type: 'pageview', ts: T0 + 50, referrerHost: 'news.ycombinator.com' })]);
        await tx.log.append([newEvent({ visitorId: 'v2', type: 'pageview', ts: T0, utmSource: 'linkedin', utmCampaign: 'q1' })]);
        await tx.log.append([newEvent({ visitorId: 'v3', type: 'pageview', ts: T0 })]);
        expect(await tx.identity.touch('demo', 'v1')).toEqual({ firstSeenAt: T0 + 50, source: 'news.ycombinator.com', campaign: null });
        expect(await tx.identity.touch('demo', 'v2')).toEqual({ firstSeenAt: T0, source: 'linkedin', campaign: 'q1' });
        expect(await tx.identity.touch('demo', 'v3')).toEqual({ firstSeenAt: T0, source: 'direct', campaign: null });

        expect(await tx.identity.currentLead('demo', 'v1')).toBeNull();
        await tx.identity.link({ site: 'demo', visitorId: 'v1', leadId: ada!.id, evidenceSeq: 1, linkedAt: T0, kind: 'anonymous' });
        await tx.identity.link({ site: 'demo', visitorId: 'v1', leadId: bob!.id, evidenceSeq: 2, linkedAt: T0 + 1, kind: 'shared-device' });
        expect(await tx.identity.currentLead('demo', 'v1')).toBe(bob!.id);
        expect(await tx.identity.currentLead('other', 'v1')).toBeNull();
        expect(await tx.rows(`SELECT site, visitor_id, lead_id, evidence_seq, linked_at, kind FROM identity_links ORDER BY id`)).toEqual([
          { site: 'demo', visitor_id: 'v1', lead_id: ada!.id, evidence_seq: 1, linked_at: T0, kind: 'anonymous' },
          { site: 'demo', visitor_id: 'v1', lead_id: bob!.id, evidence_seq: 2, linked_at: T0 + 1, kind: 'shared-device' },
        ]);
        expect(await tx.identity.browsersOf(ada!.id)).toEqual([{ site: 'demo', visitorId: 'v1' }]);
      });
    });

    it('rescore inputs: a chunk of leads after an id, with their events, actions and stored projection', async () => {
      await h.transaction(async (tx) => {
        const [a, b, c] = (await makeLeads(tx, ['a@x.io', null], ['b@x.io', null], ['c@x.io', null])) as LeadRow[];
        const [e1, e2, e3] = await tx.log.append([
          newEvent({
            visitorId: 'v1',
            type: 'form',
            ts: T0,
            props: { form: { id: 'demo', fields: { budget: 'yes' } } },
            path: '/demo',
            pageClass: 'demo',
          }),
          newEvent({ visitorId: 'v1', type: 'pageview', ts: T0 + 1 }),
          newEvent({ visitorId: 'v2', type: 'pageview', ts: T0 + 2, receivedAt: T0 + 7 }),
        ]);
        await tx.events.assign(e2!.seq, b!.id);
        await tx.identity.attributeAnonymous('demo', 'v1', e2!.seq, b!.id);
        await tx.events.assign(e3!.seq, c!.id);
        await tx.leads.addAction({ leadId: b!.id, at: T0 + 3, action: 'accept', note: null, afterSeq: e2!.seq });
        await tx.leads.addAction({ leadId: b!.id, at: T0 + 4, action: 'won', note: 'signed', afterSeq: e3!.seq });
        await tx.leads.saveModel(b!.id, { m: 1 } as unknown as LeadModel);
        await tx.leads.saveTrait(b!.id, 'title', { value: 'CTO', setAt: T0, seq: e1!.seq });
        await tx.leads.addHistory(b!.id, [transition(T0, 'mql', 3), transition(T0 + 1, 'sql', 4)]);

        const chunk = await tx.leads.inputs(a!.id, 1);
        expect(chunk).toHaveLength(1);
        const [lead] = chunk;
        expect(lead!.row).toEqual(b);
        expect(lead!.events.map((e) => ({ ...e, props: e.props }))).toEqual([
          {
            seq: e1!.seq,
            type: 'form',
            name: null,
            ts: T0,
            receivedAt: T0,
            path: '/demo',
            pageClass: 'demo',
            props: { form: { id: 'demo', fields: { budget: 'yes' } } },
            attributedSeq: e2!.seq,
          },
          {
            seq: e2!.seq,
            type: 'pageview',
            name: null,
            ts: T0 + 1,
            receivedAt: T0 + 1,
            path: null,
            pageClass: null,
            props: {},
            attributedSeq: null,
          },
        ]);
        expect(lead!.actions).toEqual([
          { id: expect.any(Number), at: T0 + 3, action: 'accept', afterSeq: e2!.seq },
          { id: expect.any(Number), at: T0 + 4, action: 'won', afterSeq: e3!.seq },
        ]);
        expect(lead!.actions[0]!.id).toBeLessThan(lead!.actions[1]!.id);
        expect(lead!.stored.model).toBe('{"m":1}');
        expect(lead!.stored.history.map((x) => [x.to_value, x.score])).toEqual([
          ['mql', 3],
          ['sql', 4],
        ]);
        expect(lead!.stored.traits.get('title')).toMatchObject({ key: 'title', value: '"CTO"', set_at: T0, evidence_seq: e1!.seq });

        const rest = await tx.leads.inputs(b!.id, 10);
        expect(rest.map((l) => [l.row.id, l.events.map((e) => e.seq), l.stored.model])).toEqual([[c!.id, [e3!.seq], null]]);
        expect(await tx.leads.inputs(c!.id, 10)).toEqual([]);
      });
    });

    it('segment aliases: pairs kept both ways once, forgotten when a side has no browser left', async () => {
      await h.transaction(async (tx) => {
        await tx.log.append([
          newEvent({ visitorId: 'anon', type: 'pageview', ts: T0 }),
          newEvent({ visitorId: 'user', type: 'pageview', ts: T0 }),
        ]);
        await tx.aliases.remember('demo', [['anon', 'user']], T0);
        await tx.aliases.remember(
          'demo',
          [
            ['user', 'anon'],
            ['anon', 'ghost'],
          ],
          T0 + 1,
        );
        await tx.aliases.remember('demo', [], T0 + 2);
        const pairs = `SELECT visitor_id, other_id, created_at FROM segment_aliases ORDER BY visitor_id, other_id`;
        expect(await tx.rows(pairs)).toEqual([
          { visitor_id: 'anon', other_id: 'ghost', created_at: T0 + 1 },
          { visitor_id: 'anon', other_id: 'user', created_at: T0 },
          { visitor_id: 'ghost', other_id: 'anon', created_at: T0 + 1 },
          { visitor_id: 'user', other_id: 'anon', created_at: T0 },
        ]);
        // 'ghost' has no visitors row: both of its pairs go.
        expect(await tx.aliases.forgetErased()).toBe(2);
        expect((await tx.rows(pairs)).map((r) => [r.visitor_id, r.other_id])).toEqual([
          ['anon', 'user'],
          ['user', 'anon'],
        ]);
      });
    });
  });
}
