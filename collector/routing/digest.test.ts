import { describe, expect, it } from 'vitest';
import { teamSchema } from '../team/config.js';
import { splitMoves } from './digest-content.js';
import { localDayHour } from './digest.js';

describe('digest timing and moves', () => {
  it("reads the day and hour in the team's zone, across a daylight-saving change", () => {
    expect(localDayHour(Date.parse('2027-03-27T07:05:00Z'), 'Europe/Berlin')).toEqual({ day: '2027-03-27', hour: 8 });
    expect(localDayHour(Date.parse('2027-03-28T06:10:00Z'), 'Europe/Berlin')).toEqual({ day: '2027-03-28', hour: 8 });
    expect(localDayHour(Date.parse('2027-03-28T23:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2027-03-29', hour: 1 });
    expect(localDayHour(Date.parse('2027-03-28T23:30:00Z'), 'UTC')).toEqual({ day: '2027-03-28', hour: 23 });
    expect(localDayHour(Date.parse('2027-01-01T03:00:00Z'), 'America/New_York')).toEqual({ day: '2026-12-31', hour: 22 });
  });

  it('team config: UTC and 8 by default; an unknown zone or hour is refused', () => {
    expect(teamSchema.parse(undefined)).toEqual({ timeZone: 'UTC', digest: { hour: 8, checkEverySeconds: 60 } });
    expect(teamSchema.safeParse({ timeZone: 'Europe/Berlin', digest: { hour: 23 } }).success).toBe(true);
    expect(teamSchema.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(teamSchema.safeParse({ digest: { hour: 24 } }).success).toBe(false);
  });

  it('each lead counts once, by its latest move: up into a hot stage, or down', () => {
    const moves = splitMoves([
      { leadId: 1, at: 5, from: 'near_sql', to: 'sql' },
      { leadId: 2, at: 4, from: 'sql', to: 'mql' },
      { leadId: 1, at: 3, from: 'sql', to: 'near_sql' },
      { leadId: 3, at: 2, from: 'sql', to: 'lead' },
      { leadId: 2, at: 1, from: 'mql', to: 'sql' },
      { leadId: 4, at: 1, from: null, to: 'sql' },
    ]);
    expect(moves.rose.map((c) => c.leadId)).toEqual([1, 4]);
    expect(moves.fell.map((c) => [c.leadId, c.from])).toEqual([
      [2, 'sql'],
      [3, 'sql'],
    ]);
  });
});
