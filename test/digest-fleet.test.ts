import { describe, expect, it } from 'vitest';
import { sqlBatch } from '../bench/alert-latency.js';
import { digestRound } from '../collector/routing/digest.js';
import { postEvents } from './support/kindling.js';
import { postgresTestsEnabled, useTestDatabase } from './support/postgres.js';
import { roundDeps as deps } from './support/rounds.js';
import { addUser } from './support/team.js';
import { collector, digests, ORIGIN, setClock, smtpServer, subscribe } from './support/digest.js';

/** The daily digest across a fleet: two collectors on one PostgreSQL checking at the same moment send each digest once. */
describe.runIf(postgresTestsEnabled('test/digest.test.ts'))('two collectors on one PostgreSQL', () => {
  const pg = useTestDatabase();
  it('send a digest once when both check at the same moment', async () => {
    const smtp = await smtpServer();
    const time = { offset: 0 };
    setClock(time, '2027-03-27T04:00:00Z');
    const env = { KINDLING_DATABASE_URL: pg.url };
    const a = await collector(smtp, time, env);
    const b = await collector(smtp, time, env);
    await addUser(a, 'anna@team.example', 'sales');
    await addUser(a, 'boss@team.example', 'admin');
    await subscribe(a, 'anna@team.example');
    await subscribe(b, 'boss@team.example');
    expect((await postEvents(b, sqlBatch(1, ORIGIN, Date.now() + time.offset))).status).toBe(202);

    setClock(time, '2027-03-27T07:30:00Z');
    const rounds = await Promise.all([digestRound(deps(a, time)), digestRound(deps(b, time))]);
    expect(rounds[0]!.sent + rounds[1]!.sent).toBe(2);
    await smtp.waitFor(() => digests(smtp, 'anna@team.example').length + digests(smtp, 'boss@team.example').length >= 2);
    await Promise.all([a.alerts.sender.settled(), b.alerts.sender.settled()]);
    expect(digests(smtp, 'anna@team.example')).toHaveLength(1);
    // The admin's digest covers the team's leads.
    const [boss] = digests(smtp, 'boss@team.example');
    expect(boss!.text).toContain("(the team's leads)");
    expect(boss!.text).toContain('Buyer 1');
  });
});
