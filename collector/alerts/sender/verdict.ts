import {
  FAILURE_OUTCOMES,
  nextRetryDelayMs,
  outcomeForStatus,
  parseRetryAfter,
  shouldDisableEndpoint,
  type Outcome,
} from '../policy/index.js';
import type { AlertsTx } from '../../store/port/alerts.js';
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
export async function disableEndpoint(tx: Pick<AlertsTx, 'endpoints' | 'messages'>, endpointId: number, reason: string, now: number) {
  await tx.endpoints.setEnabled(endpointId, false, reason, now);
  await tx.messages.failPending(endpointId, `endpoint disabled: ${reason}`);
}

/**
 * Applies a verdict inside a transaction: logs the attempt, moves the message on, and
 * keeps the endpoint's failure streak (5 days of failures without a success disables it).
 * Returns false when the message vanished meanwhile (its lead was erased).
 */
export async function recordAttempt(
  tx: Pick<AlertsTx, 'endpoints' | 'messages'>,
  messageId: string,
  attemptAt: number,
  verdict: Verdict,
  now: number,
  options: RecordOptions,
): Promise<boolean> {
  const message = await tx.messages.get(messageId);
  if (!message) return false;
  await tx.messages.logAttempt(messageId, { at: attemptAt, status: verdict.status, latencyMs: verdict.latencyMs, error: verdict.error });
  const endpoint = await tx.endpoints.get(message.endpointId);

  const actions: Record<Outcome, () => Promise<unknown>> = {
    delivered: () => tx.messages.markDelivered(messageId, now),
    retry: async () => {
      const delay = nextRetryDelayMs(message.retryStep + 1, {
        random: options.random,
        retryAfterMs: verdict.retryAfterMs,
        maxRetryAfterMs: options.maxRetryAfterMs,
      });
      if (delay === null) await tx.messages.markFailed(messageId, `gave up after ${message.retryStep + 1} attempts: ${verdict.error}`);
      else await tx.messages.markRetry(messageId, now + delay, verdict.error);
    },
    fail: () => tx.messages.markFailed(messageId, verdict.error),
    disable: async () => {
      await tx.messages.markFailed(messageId, verdict.error);
      if (endpoint?.enabled) await disableEndpoint(tx, endpoint.id, `the receiver answered ${verdict.status} Gone`, now);
    },
  };
  await actions[verdict.outcome]();

  if (!endpoint) return true;
  if (verdict.outcome === 'delivered') {
    if (endpoint.failingSince !== null) await tx.endpoints.setFailingSince(endpoint.id, null);
  } else if (verdict.outcome !== 'disable' && endpoint.enabled) {
    const since = endpoint.failingSince ?? attemptAt;
    if (endpoint.failingSince === null) await tx.endpoints.setFailingSince(endpoint.id, since);
    if (shouldDisableEndpoint(since, now, options.disableAfterMs)) {
      await disableEndpoint(tx, endpoint.id, `failing without a success since ${new Date(since).toISOString()}`, now);
    }
  }
  return true;
}
