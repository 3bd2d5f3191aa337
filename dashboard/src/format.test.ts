import { describe, expect, it } from 'vitest';
import {
  clockTime,
  count,
  dateTime,
  dayMonth,
  duration,
  percent,
  points,
  relativeTime,
  shortDate,
  signedPoints,
  stageLabel,
} from './format.js';

const NOW = Date.UTC(2025, 4, 20, 12, 0);

describe('formats', () => {
  it('says how long ago', () => {
    expect(relativeTime(NOW - 10_000, NOW)).toBe('just now');
    expect(relativeTime(NOW - 5 * 60_000, NOW)).toBe('5 min ago');
    expect(relativeTime(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago');
    expect(relativeTime(NOW - 2 * 86_400_000, NOW)).toBe('2 d ago');
    expect(relativeTime(NOW - 60 * 86_400_000, NOW)).toBe('21 Mar 2025');
    expect(relativeTime(null, NOW)).toBe('never');
  });

  it('writes durations in the largest sensible unit', () => {
    expect(duration(45_000)).toBe('45 s');
    expect(duration(3 * 60_000)).toBe('3 min');
    expect(duration(90_000)).toBe('1 min 30 s');
    expect(duration(25 * 60_000 + 10_000)).toBe('25 min');
    expect(duration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(duration(2 * 3_600_000)).toBe('2 h');
    expect(duration(3.5 * 86_400_000)).toBe('3.5 d');
    expect(duration(3 * 86_400_000)).toBe('3 d');
    expect(duration(null)).toBe('—');
  });

  it('writes rates, points and counts', () => {
    expect(percent(0.134)).toBe('13.4%');
    expect(percent(0.4)).toBe('40%');
    expect(percent(null)).toBe('—');
    expect(points(42)).toBe('42.0');
    expect(points(42.46)).toBe('42.5');
    expect(points(-3)).toBe('−3.0');
    expect(points(-0.04)).toBe('0.0');
    expect(points(null)).toBe('—');
    expect(points(Number.NaN)).toBe('—');
    expect(signedPoints(12)).toBe('+12.0');
    expect(signedPoints(-5)).toBe('−5.0');
    expect(signedPoints(0)).toBe('0.0');
    expect(signedPoints(0.01)).toBe('0.0');
    expect(count(100000)).toBe('100,000');
  });

  it('writes every date one way, whatever the locale', () => {
    const t = Date.UTC(2025, 4, 20, 14, 5);
    const local = new Date(t);
    const hh = String(local.getHours()).padStart(2, '0');
    const mm = String(local.getMinutes()).padStart(2, '0');
    expect(shortDate(t)).toBe(`${local.getDate()} May 2025`);
    expect(dateTime(t)).toBe(`${local.getDate()} May 2025, ${hh}:${mm}`);
    expect(dayMonth(t)).toBe(`${local.getDate()} May`);
    expect(clockTime(t)).toBe(`${hh}:${mm}:00`);
    expect(dateTime(null)).toBe('—');
  });

  it('names stages as people say them', () => {
    expect(stageLabel('near_sql')).toBe('Near-SQL');
    expect(stageLabel('mql')).toBe('MQL');
    expect(stageLabel('something_new')).toBe('something_new');
    expect(stageLabel(null)).toBe('—');
  });
});
