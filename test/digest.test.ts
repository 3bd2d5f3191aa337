import { describe, expect, it } from 'vitest';
import { sqlBatch } from '../bench/alert-latency.js';
import { digestRound } from '../collector/routing/digest.js';
import { postEvents } from './support/kindling.js';
import { roundDeps as deps } from './support/rounds.js';
import { addUser } from './support/team.js';
import { collector, leadIdOf, nextDigest, ORIGIN, setClock, smtpServer, subscribe } from './support/digest.js';

/**
 * The daily digest (issue 15.5) on a controllable clock, on either store: nothing before the
 * configured hour in the team's time zone (Europe/Berlin, across the spring-forward night of
 * 2027-03-28), one email at that hour, not a second the same day, the next one the next day covering
 * only what happened since, nothing on a day with nothing to say — read in a real SMTP server.
 * Two collectors on one PostgreSQL: test/digest-fleet.test.ts.
 */
describe('daily digest', () => {
  it('from the hour in the team zone, once a day, with what happened since the last one', async () => {
    const smtp = await smtpServer();
    const time = { offset: 0 };
    setClock(time, '2027-03-27T04:00:00Z');
    const k = await collector(smtp, time);
    await addUser(k, 'anna@team.example', 'sales');
    await subscribe(k, 'anna@team.example');

    // 06:00 in Berlin (CET): a buyer becomes SQL and is routed to anna, the one sales user.
    setClock(time, '2027-03-27T05:00:00Z');
    expect((await postEvents(k, sqlBatch(1, ORIGIN, Date.now() + time.offset))).status).toBe(202);
    const one = await leadIdOf(k, 1);

    setClock(time, '2027-03-27T06:30:00Z'); // 07:30 CET: before the hour
    expect(await digestRound(deps(k, time))).toEqual({ sent: 0, quiet: 0 });
    setClock(time, '2027-03-27T07:05:00Z'); // 08:05 CET
    expect(await digestRound(deps(k, time))).toEqual({ sent: 1, quiet: 0 });
    const first = await nextDigest(k, smtp, 'anna@team.example', 1);
    expect(first.subject).toBe('Kindling digest 2027-03-27: 1 lead to look at');
    expect(first.text).toContain('Your Kindling digest for 2027-03-27 (your leads)');
    expect(first.text).toContain('New hot leads (entered near-SQL or SQL) (1):');
    expect(first.text).toMatch(/\* Buyer 1 <[^>]+>, Bench Corp 1 \(SQL\)\n {4}Why: [^\n]+\n {4}http:\/\/localhost:\d+\/#\/leads\/(\d+)\n/);
    expect(first.text).toContain(`/#/leads/${one}\n`);
    expect(first.text).toContain('Fell back: none');
    expect(first.text).toContain('Overdue SQLs (not acted on in time): none');

    setClock(time, '2027-03-27T22:30:00Z'); // 23:30 CET, same day: not again
    expect(await digestRound(deps(k, time))).toEqual({ sent: 0, quiet: 0 });

    // The night clocks spring forward, a second buyer becomes SQL.
    setClock(time, '2027-03-28T03:00:00Z');
    expect((await postEvents(k, sqlBatch(2, ORIGIN, Date.now() + time.offset))).status).toBe(202);
    setClock(time, '2027-03-28T05:30:00Z'); // 07:30 CEST (06:30 by winter time)
    expect(await digestRound(deps(k, time))).toEqual({ sent: 0, quiet: 0 });
    setClock(time, '2027-03-28T06:10:00Z'); // 08:10 CEST, though only 07:10 by winter time
    expect(await digestRound(deps(k, time))).toEqual({ sent: 1, quiet: 0 });
    const second = await nextDigest(k, smtp, 'anna@team.example', 2);
    expect(second.subject).toBe('Kindling digest 2027-03-28: 1 lead to look at');
    expect(second.text).toContain('Buyer 2');
    expect(second.text).not.toContain('Buyer 1');

    // Anna rejects Buyer 1 (it falls back); by the day after, Buyer 2 is past the 48 h follow-up.
    setClock(time, '2027-03-29T04:00:00Z');
    const rejected = await k.app.request(`/api/leads/${one}/disposition`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disposition: 'rejected' }),
    });
    expect(rejected.status).toBe(200);
    setClock(time, '2027-03-30T06:30:00Z');
    expect(await digestRound(deps(k, time))).toEqual({ sent: 1, quiet: 0 });
    const third = await nextDigest(k, smtp, 'anna@team.example', 3);
    expect(third.subject).toBe('Kindling digest 2027-03-30: 2 leads to look at');
    expect(third.text).toMatch(/Fell back \(1\):\n {2}\* Buyer 1 [^\n]*\(SQL → \w+/);
    expect(third.text).toMatch(/Overdue SQLs \(not acted on in time\) \(1\):\n {2}\* Buyer 2 /);
    expect(third.text).toContain('New hot leads (entered near-SQL or SQL): none');

    // A day with nothing to say sends nothing (and is settled, so the next digest starts from it).
    await k.app.request(`/api/leads/${await leadIdOf(k, 2)}/disposition`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disposition: 'accepted' }),
    });
    setClock(time, '2027-03-31T07:00:00Z');
    expect(await digestRound(deps(k, time))).toEqual({ sent: 0, quiet: 1 });
    expect(await digestRound(deps(k, time))).toEqual({ sent: 0, quiet: 0 });
  });
});
