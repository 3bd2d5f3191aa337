import { afterEach, expect } from 'vitest';
import { startTestKindling } from './kindling.js';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from './smtp.js';
import { signInAs } from './team.js';

/** The daily digest's test kit: collectors on a movable clock in Berlin, a real SMTP server, subscribing through the API. */
export type K = Awaited<ReturnType<typeof startTestKindling>>;
const open: K[] = [];
const servers: TestSmtpServer[] = [];
/** Registered by each test file that imports the kit. */
afterEach(async () => {
  for (const k of open.splice(0)) await k.cleanup();
  for (const s of servers.splice(0)) await s.close();
});

export const ORIGIN = 'http://localhost:3000';

export async function smtpServer() {
  const s = await startTestSmtpServer();
  servers.push(s);
  return s;
}

export async function collector(smtp: TestSmtpServer, time: { offset: number }, env: Record<string, string> = {}) {
  const k = await startTestKindling(
    {
      smtp: { host: '127.0.0.1', port: smtp.port, from: 'Kindling <kindling@test.example>' },
      team: { timeZone: 'Europe/Berlin', digest: { hour: 8 } },
      dashboard: { slaHours: 48, sessionHours: 24 * 30 },
    } as never,
    { env, clock: () => Date.now() + time.offset },
  );
  open.push(k);
  return k;
}

/** Moves the collector's clock to an instant (it keeps running from there). */
export const setClock = (time: { offset: number }, iso: string) => (time.offset = Date.parse(iso) - Date.now());

/** A signed-in user turns on their email channel and the digest, as the alerts page does. */
export async function subscribe(k: K, email: string) {
  const res = await k.app.request('/api/me/alerts', {
    method: 'PUT',
    headers: { cookie: await signInAs(k, email), origin: k.config.publicUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ email: true, slackWebhookUrl: null, events: ['lead.overdue'], digest: true }),
  });
  expect(res.status).toBe(200);
}

export const digests = (smtp: TestSmtpServer, to: string) =>
  smtp.received.filter((m) => m.subject.startsWith('Kindling digest') && m.to.includes(to));
export async function nextDigest(k: K, smtp: TestSmtpServer, to: string, count: number): Promise<ReceivedMail> {
  await smtp.waitFor(() => digests(smtp, to).length >= count);
  await k.alerts.sender.settled();
  expect(digests(smtp, to)).toHaveLength(count);
  return digests(smtp, to)[count - 1]!;
}

export async function leadIdOf(k: K, i: number): Promise<number> {
  const res = await k.app.request(`/api/leads?q=buyer${i}`, { headers: { authorization: `Bearer ${k.adminToken}` } });
  const leads = ((await res.json()) as { leads: { id: number; name: string }[] }).leads;
  const lead = leads.find((l) => l.name === `Buyer ${i}`);
  if (!lead) throw new Error(`no lead Buyer ${i}`);
  return lead.id;
}
