import { html } from 'htm/preact';
import { ApiError } from '../api.js';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return html`<div class="state loading" role="status"><span class="spinner" aria-hidden="true"></span>${label}</div>`;
}

/** What went wrong, in words, with a retry when there is something to retry. */
export function ErrorBox({ error, retry }: { error: Error; retry?: () => void }) {
  const status = error instanceof ApiError && error.status ? ` (${error.status})` : '';
  return html`<div class="state error" role="alert">
    <strong>Could not load this${status}.</strong> ${error.message}
    ${retry ? html` <button type="button" class="link" onClick=${retry}>Try again</button>` : null}
  </div>`;
}

export function Empty({ children }: { children: unknown }) {
  return html`<div class="state empty">${children}</div>`;
}
