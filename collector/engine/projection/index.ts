import { KindlingError } from '../../errors.js';
import { normalizeEmail } from '../../events/email.js';
import { FIXED_CAUSES, ruleCause, type ChangeCause } from '../../events/domain.js';
import type { StoredEvent } from '../../events/types.js';
import type { Projection } from '../../writer/index.js';
import type { CompiledRules, ScoringEvent } from '../rules/compile.js';
import { settleCreation } from '../stages/lead-model.js';
import type { WriteTx } from '../../store/port/index.js';
import { linkBrowser } from '../identity/links.js';
import { handOverLeads } from './written.js';
import { browserKeys } from '../../events/browser-key.js';
import { createUnit, type EngineCore, type Unit, type Working } from './unit.js';

/** The email an event identifies with: `identify`, or a form that carried an email field. */
export function identifyingEmail(event: Pick<StoredEvent, 'type' | 'props'>): string | null {
  if (event.type !== 'identify' && event.type !== 'form') return null;
  const raw = event.props.email;
  if (raw === undefined || raw === null || raw === '') return null;
  const email = typeof raw === 'string' ? normalizeEmail(raw) : null;
  if (!email) throw new KindlingError(400, 'invalid_email', `not a valid email address: ${JSON.stringify(String(raw).slice(0, 100))}`);
  return email;
}

/** In words, what a step did: the strongest rule its events matched ("requested a demo"). */
export function stepCause(rules: CompiledRules, events: readonly ScoringEvent[], fallback: ChangeCause): ChangeCause {
  let best: { points: number; text: string } | null = null;
  for (const event of events) {
    for (const rule of rules.engagement) {
      if (rule.points > (best?.points ?? 0) && rule.matches(event))
        best = { points: rule.points, text: rule.text.replace(/\s*\{[a-z]+\}/g, '').trim() };
    }
  }
  return best ? ruleCause(best.text) : fallback;
}

/**
 * The cause of a step keyed by `key` (the event that made the group the lead's). An identify is
 * credited for what it brought: the anonymous events it attributes scored before, but the change
 * happened because the person identified (or what the identifying event itself did, a demo form).
 */
export function causeOfStep(
  rules: CompiledRules,
  key: Pick<StoredEvent, 'type' | 'props'> & ScoringEvent,
  group: readonly ScoringEvent[],
): ChangeCause {
  return identifyingEmail(key) ? stepCause(rules, [key], FIXED_CAUSES.identified) : stepCause(rules, group, `${key.type} event`);
}

async function identify(
  core: EngineCore,
  tx: WriteTx,
  unit: Unit,
  event: StoredEvent,
  email: string,
  known: Map<string, number>,
): Promise<void> {
  // Known from the lock pass; an email not found there may have been created by an earlier event of this batch.
  const knownId = known.get(email);
  const existing = knownId !== undefined ? { id: knownId } : await tx.leads.byEmail(email);
  const w = (existing && (await unit.open(existing.id))) || (await unit.create(email, event));
  const link = await linkBrowser(tx, event, w.row.id);
  event.leadId = w.row.id;
  if (link.kind !== 'same') await firstTouch(tx, w, event);
  const created = !existing && w.before === null ? w.transitions[0] : undefined;
  await unit.step(w, event.receivedAt, [...link.priors, event], causeOfStep(core.rules, event, [event]));
  if (created) settleCreation(core.rules, w.model, created);
}

/** The lead's first touch is the earliest first visit of any of its browsers. */
async function firstTouch(tx: WriteTx, w: Working, event: StoredEvent): Promise<void> {
  const touch = await tx.identity.touch(event.site, event.visitorId);
  if (!touch || (w.row.first_touch_at !== null && w.row.first_touch_at <= touch.firstSeenAt)) return;
  w.row.first_touch_at = touch.firstSeenAt;
  w.row.source = touch.source;
  w.row.campaign = touch.campaign;
}

/**
 * Loads which lead each browser of the batch points at (into `leadOf`) and locks those leads and
 * the ones its emails name, in id order, before any is read for writing: on PostgreSQL two
 * collectors stepping the same people then queue instead of deadlocking (a no-op on SQLite).
 */
async function lockLeads(
  tx: WriteTx,
  events: readonly StoredEvent[],
  leadOf: Map<string, number | null>,
  known: Map<string, number>,
): Promise<void> {
  const ids = new Set<number>();
  const browserOf = browserKeys();
  for (const event of events) {
    const browser = browserOf(event);
    if (!leadOf.has(browser)) {
      const id = await tx.identity.currentLead(event.site, event.visitorId);
      leadOf.set(browser, id);
      if (id !== null) ids.add(id);
    }
    const email = identifyingEmail(event);
    const named = email === null || known.has(email) ? null : await tx.leads.byEmail(email);
    if (named) {
      known.set(email!, named.id);
      ids.add(named.id);
    }
  }
  if (ids.size) await tx.leads.lock([...ids].sort((a, b) => a - b));
}

/**
 * The engine's writer projection: inside the batch's transaction it links identities, attributes
 * events, updates traits, scores (incrementally) and stages, and reports the domain events.
 */
export function engineProjection(core: EngineCore): Projection {
  return {
    name: 'engine',
    async apply(ctx, events) {
      const unit = await createUnit(core, ctx);
      // A batch mostly comes from one browser: look its lead up once, not once per event.
      const leadOf = new Map<string, number | null>();
      /** Leads the batch's emails name, by email, as found before any was stepped. */
      const known = new Map<string, number>();
      await lockLeads(ctx, events, leadOf, known);
      const browserOf = browserKeys();
      for (const event of events) {
        const browser = browserOf(event);
        const email = identifyingEmail(event);
        if (email) {
          await identify(core, ctx, unit, event, email, known);
          leadOf.set(browser, event.leadId);
          continue;
        }
        const leadId = leadOf.get(browser) ?? null;
        const w = leadId === null ? null : await unit.open(leadId);
        if (!w) continue;
        unit.later(ctx.events.assign(event.seq, w.row.id));
        event.leadId = w.row.id;
        await unit.step(w, event.receivedAt, [event], causeOfStep(core.rules, event, [event]));
      }
      // The accounts projection, next in this transaction, reads these people's companies from here.
      handOverLeads(ctx, await unit.flush());
    },
  };
}
