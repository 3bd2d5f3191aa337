import type { LiveMessage } from '../../dashboard/live.js';
import type { LiveBus } from '../port/index.js';

/** One process owns the SQLite file: its live bus is a list of in-process listeners. */
export function createLocalLiveBus(): LiveBus {
  const listeners = new Set<(messages: LiveMessage[]) => void>();
  return {
    async publish(messages) {
      if (!messages.length) return;
      for (const listener of listeners) listener([...messages]);
    },
    async subscribe(listener) {
      listeners.add(listener);
      return async () => void listeners.delete(listener);
    },
  };
}
