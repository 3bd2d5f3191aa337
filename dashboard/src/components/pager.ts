import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { count } from '../format.js';

export interface PagerProps {
  /** 0-based index of the first row shown. */
  offset: number;
  shown: number;
  total?: number | null;
  hasPrev: boolean;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  noun?: string;
}

/** Cursor pagination: the API gives a next cursor; the page keeps the cursors it came through. */
export function Pager({ offset, shown, total, hasPrev, hasNext, onPrev, onNext, noun = 'leads' }: PagerProps) {
  const range = shown ? `${count(offset + 1)}–${count(offset + shown)}` : '0';
  return html`<nav class="pager" aria-label="pages">
    <span class="muted">${range}${total !== undefined && total !== null ? ` of ${count(total)}` : ''} ${noun}</span>
    <span class="pager-buttons">
      <button type="button" onClick=${onPrev} disabled=${!hasPrev}>← Previous</button>
      <button type="button" onClick=${onNext} disabled=${!hasNext}>Next →</button>
    </span>
  </nav>`;
}

/**
 * The cursors of the pages visited, so "Previous" can go back with cursor pagination. A new
 * `filterKey` (another stage or search) starts again at the first page, in the same render.
 */
export function useCursorPages(pageSize: number, filterKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | null)[] }>({ key: filterKey, stack: [null] });
  const stack = state.key === filterKey ? state.stack : [null];
  return {
    cursor: stack[stack.length - 1] ?? null,
    offset: (stack.length - 1) * pageSize,
    hasPrev: stack.length > 1,
    next: (cursor: string | null) => {
      if (cursor) setState({ key: filterKey, stack: [...stack, cursor] });
    },
    prev: () => setState({ key: filterKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
  };
}
