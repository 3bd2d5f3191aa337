import { describe, expect, it } from 'vitest';
import type { LiveMessage } from '../../dashboard/live.js';
import { createLocalLiveBus } from './live.js';

const message = (leadId: number): LiveMessage => ({ type: 'lead.updated', leadId, at: leadId });

describe('the in-process live bus (SQLite)', () => {
  it('hands every publish to each subscriber until it unsubscribes', async () => {
    const bus = createLocalLiveBus();
    const one: LiveMessage[][] = [];
    const two: LiveMessage[][] = [];
    await bus.subscribe((m) => one.push(m));
    const stopTwo = await bus.subscribe((m) => two.push(m));
    await bus.publish([message(1), message(2)]);
    await stopTwo();
    await bus.publish([message(3)]);
    await bus.publish([]);
    expect(one).toEqual([[message(1), message(2)], [message(3)]]);
    expect(two).toEqual([[message(1), message(2)]]);
  });
});
