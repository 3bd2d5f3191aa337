import {
  FAILURE_OUTCOMES,
  nextRetryDelayMs,
  outcomeForStatus,
  parseRetryAfter,
  shouldDisableEndpoint,
  type Outcome,
} from '../policy/index.js';
import type { AlertStore } from '../store/index.js';
import type { DeliveryResult } from './transport.js';

/** What an attempt came to, in the terms of the policy tables. */
export interface Verdict {
  outcome: Outcome;
  status: number | null;
  error: string | null;
  retryAfterMs: number | null;
  latencyMs: number;
}

const ERROR_SNIPPET_CHARS = 200;

export function judge(result: Exclude<DeliveryResult, { kind: 'aborted' }>, nowMs: number): Verdict {
  if (result.kind === 'failure') {
    return {
      outcome: FAILURE_OUTCOMES[result.failure],
      status: null,
      error: result.error,
      retryAfterMs: null,
      latencyMs: result.latencyMs,
    };
  }
  const outcome = outcomeForStatus(result.status);
  const redirect = result.location ? ` (redirect to ${result.location}, not followed)` : '';
  const said = result.bodySnippet.trim() ? `: ${result.bodySnippet.trim().slice(0, ERROR_SNIPPET_CHARS)}` : '';
  return {
    outcome,
    status: result.status,
    error: outcome === 'delivered' ? null : `HTTP ${result.status}${redirect}${said}`,
    retryAfterMs: parseRetryAfter(result.retryAfter, nowMs),
    latencyMs: result.latencyMs,
  };
}

export interface RecordOptions {
  random: () => number;
  maxRetryAfterMs: number;
  disableAfterMs: number;
}

/** Disables an endpoint and fails what it still had pending (redeliver them once it is fixed). */
export function disableEndpoint(store: AlertStore, endpointId: number, reason: string, now: number): void {
  store.endpoints.setEnabled(endpointId, false, reason, now);
  store.messages.failPending(endpointId, `endpoint disabled: ${reason}`);
}

/**
 * Applies a verdict inside a writer transaction: logs the attempt, moves the message on, and
 * keeps the endpoint's failure streak (5 days of failures without a success disables it).
 * Returns false when the message vanished meanwhile (its lead was erased).
 */
export function recordAttempt(
  store: AlertStore,
  messageId: string,
  attemptAt: number,
  verdict: Verdict,
  now: number,
  options: RecordOptions,
): boolean {
  const message = store.messages.get(messageId);
  if (!message) return false;
  store.messages.logAttempt(messageId, { at: attemptAt, status: verdict.status, latencyMs: verdict.latencyMs, error: verdict.error });
  const endpoint = store.endpoints.get(message.endpointId);

  const actions: Record<Outcome, () => void> = {
    delivered: () => store.messages.markDelivered(messageId, now),
    retry: () => {
      const delay = nextRetryDelayMs(message.retryStep + 1, {
        random: options.random,
        retryAfterMs: verdict.retryAfterMs,
        maxRetryAfterMs: options.maxRetryAfterMs,
      });
      if (delay === null) store.messages.markFailed(messageId, `gave up after ${message.retryStep + 1} attempts: ${verdict.error}`);
      else store.messages.markRetry(messageId, now + delay, verdict.error);
    },
    fail: () => store.messages.markFailed(messageId, verdict.error),
    disable: () => {
      store.messages.markFailed(messageId, verdict.error);
      if (endpoint?.enabled) disableEndpoint(store, endpoint.id, `the receiver answered ${verdict.status} Gone`, now);
    },
  };
  actions[verdict.outcome]();

  if (!endpoint) return true;
  if (verdict.outcome === 'delivered') {
    if (endpoint.failingSince !== null) store.endpoints.setFailingSince(endpoint.id, null);
  } else if (verdict.outcome !== 'disable' && endpoint.enabled) {
    const since = endpoint.failingSince ?? attemptAt;
    if (endpoint.failingSince === null) store.endpoints.setFailingSince(endpoint.id, since);
    if (shouldDisableEndpoint(since, now, options.disableAfterMs)) {
      disableEndpoint(store, endpoint.id, `failing without a success since ${new Date(since).toISOString()}`, now);
    }
  }
  return true;
}
