import type { WriteTx } from '../store/port/index.js';
import { ACCOUNT_LOOKBACK_DAYS, DAY_MS, accountFigures, dayOf, type AccountFigures } from './figures.js';

export interface SurgeSettings {
  surgeMembers: number;
  surgeWindowDays: number;
  surgeScore: number;
  hysteresis: number;
  halfLifeDays: number;
}

export type { AccountSurge } from '../events/domain.js';

/**
 * The surge latch, as data: fire on an upward crossing of either threshold; stay latched while the
 * account stays above (1 − hysteresis) of a threshold (each check pushes the latch a window ahead);
 * re-arm when a check finds it below both, or a whole window passed without one finding it above.
 */
export function surgeDecision(
  f: Pick<AccountFigures, 'activeMembers' | 'score'>,
  latchedUntil: number | null,
  now: number,
  s: SurgeSettings,
): { fire: boolean; triggers: ('members' | 'score')[]; latchedUntil: number | null } {
  const triggers: ('members' | 'score')[] = [];
  if (f.activeMembers >= s.surgeMembers) triggers.push('members');
  if (f.score >= s.surgeScore) triggers.push('score');
  const keep = f.activeMembers >= s.surgeMembers * (1 - s.hysteresis) || f.score >= s.surgeScore * (1 - s.hysteresis);
  const latched = latchedUntil !== null && now < latchedUntil;
  const until = now + s.surgeWindowDays * DAY_MS;
  if (triggers.length && !latched) return { fire: true, triggers, latchedUntil: until };
  if (latched) return { fire: false, triggers, latchedUntil: keep ? until : null };
  return { fire: false, triggers, latchedUntil };
}

/** Checks the touched accounts (in key order) and emits `account.surging` for each that fires. */
export async function checkSurges(tx: WriteTx, keys: Iterable<string>, s: SurgeSettings): Promise<void> {
  const today = dayOf(tx.now);
  for (const key of [...keys].sort()) {
    const account = await tx.accounts.account(key);
    if (!account) continue;
    const rows = await tx.accounts.activity(key, today - ACCOUNT_LOOKBACK_DAYS);
    const f = accountFigures(rows, today, {
      halfLifeDays: s.halfLifeDays,
      windowDays: s.surgeWindowDays,
      network: account.kind === 'network',
    });
    const d = surgeDecision(f, account.latched_until, tx.now, s);
    if (d.latchedUntil !== account.latched_until || d.fire) await tx.accounts.setLatch(key, d.latchedUntil, d.fire ? tx.now : null);
    if (!d.fire) continue;
    const { kind, name, domain, asn, country } = account;
    // A company's owner (routing: its first owned lead's) hears of it too; a network has no domain, so no owner.
    const ownerId = domain ? await tx.routing.accountOwner(domain) : null;
    void tx.emit({
      type: 'account.surging',
      at: tx.now,
      account: { key, kind, name, domain, asn, country },
      figures: {
        people: f.people,
        anonymous: f.anonymous,
        activeMembers: f.activeMembers,
        score: f.score,
        pricingViewsWeek: f.pricingViewsWeek,
        summary: f.summary,
      },
      triggers: d.triggers,
      ownerId,
    });
  }
}
