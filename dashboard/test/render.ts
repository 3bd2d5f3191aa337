import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { VNode } from 'preact';
import { setFetch } from '../src/api.js';

/** Renders into a fresh container in the (happy-dom) document and flushes effects. */
export async function mount(vnode: VNode): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.replaceChildren(container);
  await act(() => render(vnode, container));
  return container;
}

/** Polls until `check` passes (effects, fetches and throttles settle on their own clocks). */
export async function waitFor(check: () => void, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await act(() => new Promise((r) => setTimeout(r, 10)));
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

/** A handler's answer other than 200 JSON. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** Answers API calls from a table of `METHOD /path` → handler (a body, or a Reply), and records every call. */
export function fakeApi(routes: Record<string, (call: Call) => unknown>): Call[] {
  const calls: Call[] = [];
  setFetch(async (input, init) => {
    const url = new URL(String(input), 'http://kindling.test');
    const call: Call = { method: init?.method ?? 'GET', path: url.pathname + url.search, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const handler = routes[`${call.method} ${url.pathname}`];
    if (!handler) return new Response(JSON.stringify({ error: { code: 'not_found', message: `no fake for ${call.method} ${url.pathname}` } }), { status: 404 });
    const answer = handler(call);
    const { status, body } = answer instanceof Reply ? answer : { status: 200, body: answer };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}
