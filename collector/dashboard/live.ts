import type { DomainEvent } from '../events/domain.js';
import { KindlingError } from '../errors.js';

/** What the dashboard hears: which lead changed and how. Ids only, never personal data. */
export interface LiveMessage {
  type: DomainEvent['type'];
  leadId: number;
  at: number;
  /** The new stage or disposition, for stage and disposition changes. */
  to?: string | null;
}

export interface LiveHubOptions {
  /** A comment line this often keeps proxies from closing an idle stream and reveals dead clients. */
  heartbeatMs?: number;
  /** Open streams allowed at once; more get a 503. */
  maxClients?: number;
  /** A client whose unsent backlog exceeds this is cut off (it reconnects and refetches). */
  maxBacklogBytes?: number;
  /** How long browsers wait before reconnecting. */
  retryMs?: number;
  clock?: () => number;
}

export interface LiveHub {
  /** Committed changes as the store's live bus delivers them (every collector's, on PostgreSQL). */
  publish(messages: readonly LiveMessage[]): void;
  /** A new `text/event-stream` response for one client. */
  open(): Response;
  readonly clients: number;
  /** Ends every stream (shutdown). */
  close(): void;
}

const encoder = new TextEncoder();
const QUEUE_HIGH_WATER_BYTES = 16 * 1024;

/** Lead events only: the dashboard's live stream is about people (accounts are refetched with their page). */
type LeadDomainEvent = Exclude<DomainEvent, { type: 'account.surging' }>;

export function toLiveMessage(event: LeadDomainEvent): LiveMessage {
  const message: LiveMessage = { type: event.type, leadId: event.leadId, at: event.at };
  if (event.type === 'lead.stage_changed' || event.type === 'lead.disposition_changed') message.to = event.to;
  return message;
}

/** One message per (type, lead) per commit, the last one: a batch that touches a lead ten times is one update. */
export function liveMessagesOf(events: readonly DomainEvent[]): LiveMessage[] {
  const seen = new Map<string, LiveMessage>();
  for (const event of events) if (event.type !== 'account.surging') seen.set(`${event.type}:${event.leadId}`, toLiveMessage(event));
  return [...seen.values()];
}

/**
 * The stream frames for one delivery of messages. Each is rebuilt from its known fields, so
 * nothing else (a domain event's lead summary, a stray key in a NOTIFY payload) reaches a browser.
 */
export function framesFor(messages: readonly LiveMessage[]): string {
  let out = '';
  for (const { type, leadId, at, to } of messages) {
    const message: LiveMessage = to === undefined ? { type, leadId, at } : { type, leadId, at, to };
    out += `event: lead\ndata: ${JSON.stringify(message)}\n\n`;
  }
  return out;
}

/**
 * Server-sent events for the dashboard. Each client is a ReadableStream whose controller the hub
 * writes to; the stream's cancel (the browser went away) removes it, a heartbeat finds sockets
 * that died silently, and a client that cannot keep up is dropped rather than buffered forever.
 */
export function createLiveHub(options: LiveHubOptions = {}): LiveHub {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxClients = options.maxClients ?? 200;
  const maxBacklogBytes = options.maxBacklogBytes ?? 1_000_000;
  const retryMs = options.retryMs ?? 3000;
  const clock = options.clock ?? Date.now;
  const clients = new Set<ReadableStreamDefaultController<Uint8Array>>();
  let heartbeat: NodeJS.Timeout | null = null;

  function drop(client: ReadableStreamDefaultController<Uint8Array>): void {
    if (!clients.delete(client)) return;
    try {
      client.close();
    } catch {
      // already closed or cancelled
    }
    if (!clients.size && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
  }

  function send(text: string): void {
    if (!clients.size) return;
    const bytes = encoder.encode(text);
    for (const client of clients) {
      if (QUEUE_HIGH_WATER_BYTES - (client.desiredSize ?? 0) > maxBacklogBytes) {
        drop(client);
        continue;
      }
      try {
        client.enqueue(bytes);
      } catch {
        drop(client);
      }
    }
  }

  return {
    get clients() {
      return clients.size;
    },
    publish(messages) {
      if (messages.length) send(framesFor(messages));
    },
    open() {
      if (clients.size >= maxClients) throw new KindlingError(503, 'too_many_streams', `at most ${maxClients} live streams`);
      let self: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>(
        {
          start(controller) {
            self = controller;
            clients.add(controller);
            controller.enqueue(encoder.encode(`retry: ${retryMs}\nevent: hello\ndata: ${JSON.stringify({ at: clock() })}\n\n`));
            heartbeat ??= setInterval(() => send(`: ping ${clock()}\n\n`), heartbeatMs).unref();
          },
          cancel() {
            drop(self);
          },
        },
        new ByteLengthQueuingStrategy({ highWaterMark: QUEUE_HIGH_WATER_BYTES }),
      );
      return new Response(body, {
        headers: {
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-cache, no-transform',
          Connection: 'keep-alive',
          // Tell nginx-style proxies not to buffer the stream.
          'X-Accel-Buffering': 'no',
        },
      });
    },
    close() {
      for (const client of [...clients]) drop(client);
    },
  };
}
