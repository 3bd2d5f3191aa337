import { html } from 'htm/preact';

/** The logo, inline so the first paint needs no extra request (same drawing as favicon.svg). */
export function Flame() {
  return html`<svg class="flame" viewBox="0 0 32 32" aria-hidden="true">
    <path fill="#ea580c" d="M16 2c1 6 8 9 8 17a8 8 0 0 1-16 0c0-4 2-7 4-9 0 3 1 5 3 6-1-5 0-10 1-14z" />
    <path fill="#fdba74" d="M16 16c2 2 4 4 4 7a4 4 0 0 1-8 0c0-3 2-5 4-7z" />
  </svg>`;
}
