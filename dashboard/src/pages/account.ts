import { html } from 'htm/preact';
import { api } from '../api.js';
import { count, dayMonth, points, relativeTime, stageLabel } from '../format.js';
import { useAsync, useNow } from '../hooks.js';
import type { Route } from '../router.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { matchText } from './accounts.js';

/** One account: why it scores (its members), its people, its anonymous browsers, and its daily history. */
export function AccountPage({ route }: { route: Route }) {
  const key = decodeURIComponent(route.params[0] ?? '');
  const now = useNow();
  const detail = useAsync(() => api.account(key), [key]);
  if (detail.error) return html`<section class="page"><${ErrorBox} error=${detail.error} retry=${detail.reload} /></section>`;
  if (!detail.data) return html`<section class="page"><${Loading} /></section>`;
  const { account: a, people, anonymous, history, rule } = detail.data;
  return html`<section class="page account-page">
    <div class="page-head">
      <h1>${a.name}</h1>
      <span class="muted">${matchText(a)}${a.country ? ` · ${a.country}` : ''}</span>
    </div>
    <div class="card">
      <p><strong>${points(a.score)}</strong> · <span class=${`badge account-${a.stage}`}>${a.stage}</span> · ${a.summary}</p>
      <p class="muted small">${rule}</p>
    </div>
    <h2>People</h2>
    ${
      people.length
        ? html`<table class="table account-people">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Stage</th>
                <th class="num" scope="col">Points</th>
                <th class="num" scope="col">Pricing views</th>
                <th class="num" scope="col">Downloads</th>
              </tr>
            </thead>
            <tbody>
              ${people.map(
                (p) =>
                  html`<tr key=${p.member}>
                    <th scope="row"><a href=${`#/leads/${p.leadId}`}>${p.name || p.email}</a></th>
                    <td>${stageLabel(p.stage)}</td>
                    <td class="num">${points(p.points)}</td>
                    <td class="num">${count(p.pricingViews)}</td>
                    <td class="num">${count(p.downloads)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<${Empty}>Nobody from this company has identified yet.</${Empty}>`
    }
    <h2>Anonymous browsers</h2>
    ${
      anonymous.length
        ? html`<table class="table account-anonymous">
            <thead>
              <tr>
                <th scope="col">Browser</th>
                <th class="num" scope="col">Pages</th>
                <th class="num" scope="col">Pricing views</th>
                <th class="num" scope="col">Downloads</th>
                <th class="num" scope="col">Points</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              ${anonymous.map(
                (m, i) =>
                  html`<tr key=${m.member}>
                    <th scope="row">Visitor ${i + 1}</th>
                    <td class="num">${count(m.views)}</td>
                    <td class="num">${count(m.pricingViews)}</td>
                    <td class="num">${count(m.downloads)}</td>
                    <td class="num">${points(m.points)}</td>
                    <td>${relativeTime(m.lastDay * 86_400_000, now)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<${Empty}>No anonymous visitors from this company's network.</${Empty}>`
    }
    <h2>History</h2>
    <table class="table account-history">
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th class="num" scope="col">Active</th>
          <th class="num" scope="col">Pages</th>
          <th class="num" scope="col">Pricing</th>
          <th class="num" scope="col">Downloads</th>
          <th class="num" scope="col">Points</th>
        </tr>
      </thead>
      <tbody>
        ${history.map(
          (d) =>
            html`<tr key=${d.at}>
              <th scope="row">${dayMonth(d.at)}</th>
              <td class="num">${count(d.members)}</td>
              <td class="num">${count(d.views)}</td>
              <td class="num">${count(d.pricingViews)}</td>
              <td class="num">${count(d.downloads)}</td>
              <td class="num">${points(d.points)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
