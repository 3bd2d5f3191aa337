import { KindlingError } from '../../errors.js';
import { normalizeEmail } from '../../events/email.js';
import { FIXED_CAUSES, ruleCause, type ChangeCause } from '../../events/domain.js';
import type { StoredEvent } from '../../events/types.js';
import type { Projection } from '../../writer/index.js';
import type { CompiledRules, ScoringEvent } from '../rules/compile.js';
import { settleCreation } from '../stages/lead-model.js';
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

function identify(core: EngineCore, unit: Unit, event: StoredEvent, email: string): void {
  const existing = core.store.byEmail(email);
  const w = (existing && unit.open(existing.id)) || unit.create(email, event);
  const link = core.identity.link(event, w.row.id);
  event.leadId = w.row.id;
  if (link.kind !== 'same') firstTouch(core, w, event);
  const created = existing ? null : w.transitions[0];
  unit.step(w, event.receivedAt, [...link.priors, event], causeOfStep(core.rules, event, [event]));
  if (created) settleCreation(core.rules, w.model, created);
}

/** The lead's first touch is the earliest first visit of any of its browsers. */
function firstTouch(core: EngineCore, w: Working, event: StoredEvent): void {
  const touch = core.identity.touch(event.site, event.visitorId);
  if (!touch || (w.row.first_touch_at !== null && w.row.first_touch_at <= touch.firstSeenAt)) return;
  w.row.first_touch_at = touch.firstSeenAt;
  w.row.source = touch.source;
  w.row.campaign = touch.campaign;
}

/**
 * The engine's writer projection: inside the batch's transaction it links identities, attributes
 * events, updates traits, scores (incrementally) and stages, and reports the domain events.
 */
export function engineProjection(core: EngineCore): Projection {
  return {
    name: 'engine',
    apply(ctx, events) {
      const unit = createUnit(core, ctx);
      // A batch mostly comes from one browser: look its lead up once, not once per event.
      const leadOf = new Map<string, number | null>();
      for (const event of events) {
        const browser = `${event.site}\u0000${event.visitorId}`;
        const email = identifyingEmail(event);
        if (email) {
          identify(core, unit, event, email);
          leadOf.set(browser, event.leadId);
          continue;
        }
        let leadId = leadOf.get(browser);
        if (leadId === undefined) leadOf.set(browser, (leadId = core.identity.currentLead(event.site, event.visitorId)));
        const w = leadId === null ? null : unit.open(leadId);
        if (!w) continue;
        core.identity.assign(event.seq, w.row.id);
        event.leadId = w.row.id;
        unit.step(w, event.receivedAt, [event], causeOfStep(core.rules, event, [event]));
      }
      unit.flush();
    },
  };
}
