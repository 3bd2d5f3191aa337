import { badRequest } from '../errors.js';
import { describeZodError } from '../http/zod-details.js';
import { SEGMENT_LIMITS, batchEnvelopeSchema, messageSchema, type SegmentMessage } from './schema.js';
import { unreadableTimes } from './time.js';

export const SINGLE_TYPES = ['track', 'page', 'identify', 'group', 'alias'] as const;
export type Route = (typeof SINGLE_TYPES)[number] | 'batch';

/** One message of a request, validated, with its place in the request for error details. */
export interface ParsedMessage {
  path: string;
  raw: Record<string, unknown>;
  message: SegmentMessage;
}

export interface Issue {
  path: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const join = (prefix: string, path: string) => [prefix, path].filter(Boolean).join('.');

/**
 * The raw messages of a request: a single call is its body (typed by the route); a batch's items
 * get the batch's `context` (item keys win) and `sentAt` merged in, as Segment does.
 */
function rawMessages(route: Route, body: unknown): { path: string; raw: unknown; bytes: number | null }[] {
  if (!isObject(body)) throw badRequest('body must be a JSON object');
  if (route !== 'batch') {
    if (body.type !== undefined && body.type !== route)
      throw badRequest(`invalid message`, [{ path: 'type', message: `must be "${route}" on /v1/${route}` }]);
    return [{ path: '', raw: { ...body, type: route }, bytes: null }];
  }
  const envelope = batchEnvelopeSchema.safeParse(body);
  if (!envelope.success) throw badRequest('invalid batch', describeZodError(envelope.error));
  const { context, sentAt } = envelope.data;
  return envelope.data.batch.map((item, i) => {
    const bytes = Buffer.byteLength(JSON.stringify(item) ?? '');
    if (!isObject(item)) return { path: `batch.${i}`, raw: item, bytes };
    const merged: Record<string, unknown> = { ...item };
    // A context of the wrong type stays as sent, so the message's schema refuses it instead of losing it.
    if (context && (item.context == null || isObject(item.context))) merged.context = { ...context, ...(item.context ?? {}) };
    if (item.sentAt == null && sentAt !== undefined) merged.sentAt = sentAt;
    return { path: `batch.${i}`, raw: merged, bytes };
  });
}

/**
 * Validates every message of the request and reports all problems at once (at most 10), each
 * named by its key (`batch.3.event`). Nothing is mapped or stored unless every message passes.
 * `bodyBytes` is the size of a single call's body: for a single call the body is the message.
 */
export function parseMessages(route: Route, body: unknown, bodyBytes: number): { messages: ParsedMessage[]; issues: Issue[] } {
  const messages: ParsedMessage[] = [];
  const issues: Issue[] = [];
  for (const { path, raw, bytes } of rawMessages(route, body)) {
    const size = bytes ?? bodyBytes;
    if (size > SEGMENT_LIMITS.maxEventBytes) {
      issues.push({ path: path || '(root)', message: `message is ${size} bytes; at most ${SEGMENT_LIMITS.maxEventBytes} per message` });
      continue;
    }
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of describeZodError(parsed.error))
        issues.push({ path: join(path, issue.path === '(root)' ? '' : issue.path) || '(root)', message: issue.message });
      continue;
    }
    for (const key of unreadableTimes(parsed.data))
      issues.push({ path: join(path, key), message: 'must be an ISO-8601 date or ms since epoch' });
    messages.push({ path, raw: raw as Record<string, unknown>, message: parsed.data });
  }
  return { messages, issues: issues.slice(0, 10) };
}
