import { html } from 'htm/preact';
import { UsersSection } from './users.js';
import { KeysSection } from './keys.js';
import { AuditSection } from './audit.js';

/** The team's admin page: users, API keys, the audit log. The server refuses it to other roles (403). */
export function TeamPage() {
  return html`<section class="page team-page">
    <h1>Team</h1>
    <${UsersSection} />
    <${KeysSection} />
    <${AuditSection} />
  </section>`;
}
