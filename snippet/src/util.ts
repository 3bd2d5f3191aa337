/**
 * Browser globals, hoisted once: the minifier can rename a local but never a global, and these
 * names recur all over the snippet (part of keeping the size budget).
 */
export const doc = document;
export const loc = location;
export const win = window;
export const nav = navigator;

/**
 * Every callback the snippet hands to the browser goes through guard: an error of ours must never
 * reach the host page (no uncaught exceptions, no broken handlers of theirs).
 */
export const guard =
  <A extends unknown[]>(fn: (...args: A) => unknown) =>
  (...args: A): void => {
    try {
      fn(...args);
    } catch (err) {
      if (KN_DEBUG) console.warn('kindling:', err);
    }
  };

/** A guarded listener. Capture phase on document, so a page's stopPropagation cannot hide clicks or submits. */
export const on = (target: EventTarget, type: string, fn: (event: any) => unknown, capture?: boolean): void =>
  target.addEventListener(type, guard(fn), capture);

/**
 * Strings are cut to the wire format's caps here (URLs: 2048, the default), so a batch is never
 * refused for one long value.
 */
export const cut = (value: unknown, max = 2048): string => String(value).slice(0, max);
export const now = (): number => Date.now();
