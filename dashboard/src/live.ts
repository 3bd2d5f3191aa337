import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { LiveMessage } from './types.js';

export type LiveStatus = 'connecting' | 'live' | 'offline';
/** EventSource.CLOSED, spelled out so tests can pass a stand-in. */
const CLOSED = 2;
type MessageListener = (message: LiveMessage) => void;
type StatusListener = (status: LiveStatus) => void;

/** Builds the EventSource; tests swap it. */
export type EventSourceFactory = (url: string) => EventSource;

/**
 * One EventSource for the whole page, shared by every component that wants lead changes.
 * EventSource reconnects by itself after network errors; when the server refuses the stream
 * (401 after the session ended) it gives up, and `onRefused` lets the app re-check the session.
 */
export function createLiveFeed(options: { url?: string; create?: EventSourceFactory; onRefused?: () => void; retryMs?: number } = {}) {
  const url = options.url ?? '/api/live';
  const create = options.create ?? ((u: string) => new EventSource(u));
  const retryMs = options.retryMs ?? 5000;
  const messageListeners = new Set<MessageListener>();
  const statusListeners = new Set<StatusListener>();
  let source: EventSource | null = null;
  let status: LiveStatus = 'offline';
  let retry: ReturnType<typeof setTimeout> | null = null;

  const setStatus = (next: LiveStatus) => {
    if (next === status) return;
    status = next;
    for (const l of statusListeners) l(next);
  };

  function open(): void {
    if (source) return;
    setStatus('connecting');
    const es = create(url);
    source = es;
    es.addEventListener('hello', () => setStatus('live'));
    es.addEventListener('open', () => setStatus('live'));
    es.addEventListener('lead', (ev) => {
      let message: LiveMessage;
      try {
        message = JSON.parse((ev as MessageEvent<string>).data) as LiveMessage;
      } catch {
        return;
      }
      for (const l of messageListeners) l(message);
    });
    es.addEventListener('error', () => {
      if (es.readyState !== CLOSED) {
        setStatus('connecting');
        return;
      }
      // Refused (e.g. 401) or gone for good: stop, let the app decide, try again later.
      close();
      setStatus('offline');
      options.onRefused?.();
      retry = setTimeout(open, retryMs);
    });
  }

  function close(): void {
    if (retry) clearTimeout(retry);
    retry = null;
    source?.close();
    source = null;
  }

  return {
    open,
    stop() {
      close();
      setStatus('offline');
    },
    get status() {
      return status;
    },
    subscribe(listener: MessageListener): () => void {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onStatus(listener: StatusListener): () => void {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;

/** The feed the app opens after sign-in. */
export const liveFeed = createLiveFeed({ retryMs: 5000 });

/** Which feed components listen to: the app's, or a stand-in in tests. */
export const LiveContext = createContext<LiveFeed>(liveFeed);

/** Calls `onMessage` for every lead change while the component is mounted (latest callback wins). */
export function useLive(onMessage: MessageListener): void {
  const feed = useContext(LiveContext);
  const latest = useRef(onMessage);
  latest.current = onMessage;
  useEffect(() => feed.subscribe((m) => latest.current(m)), [feed]);
}

export function useLiveStatus(): LiveStatus {
  const feed = useContext(LiveContext);
  const [status, setStatus] = useState(feed.status);
  useEffect(() => {
    setStatus(feed.status);
    return feed.onStatus(setStatus);
  }, [feed]);
  return status;
}
