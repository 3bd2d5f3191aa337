import type { ActivityRow } from '../store/port/accounts.js';

type Counts = Pick<ActivityRow, 'views' | 'pricing_views' | 'downloads' | 'forms' | 'points'>;

/**
 * Account activity gathered in memory for one batch, one row per (site, browser, person, day), and
 * written with one upsert per row instead of one per event. The store's upsert adds counts and keeps
 * the latest non-empty account key, so summing here first gives the same table.
 */
export class ActivityBatch {
  private readonly rows = new Map<string, ActivityRow>();
  /** Browsers with an anonymous (lead 0) row waiting: reading their stored anonymous rows needs it written first. */
  private readonly anonymous = new Set<string>();
  /** The row the last event went to: a request's events are one browser's, mostly on one day. */
  private last: ActivityRow | null = null;

  constructor(private readonly write: (row: ActivityRow) => Promise<void>) {}

  add(row: Omit<ActivityRow, keyof Counts>, counts: Counts): void {
    // The same row as the last event's needs no key built and looked up.
    const last = this.last;
    const same =
      last && last.site === row.site && last.visitor_id === row.visitor_id && last.lead_id === row.lead_id && last.day === row.day;
    const key = same ? '' : `${row.site}\u0000${row.visitor_id}\u0000${row.lead_id}\u0000${row.day}`;
    const held = same ? last : this.rows.get(key);
    if (!held) {
      // One literal, not `{ ...row, ...counts }`: the second spread gives each row its own hidden class on Node 20.
      const added: ActivityRow = {
        account_key: row.account_key,
        site: row.site,
        visitor_id: row.visitor_id,
        lead_id: row.lead_id,
        day: row.day,
        views: counts.views,
        pricing_views: counts.pricing_views,
        downloads: counts.downloads,
        forms: counts.forms,
        points: counts.points,
      };
      this.rows.set(key, added);
      this.last = added;
      if (row.lead_id === 0) this.anonymous.add(`${row.site}\u0000${row.visitor_id}`);
      return;
    }
    this.last = held;
    if (row.account_key !== '') held.account_key = row.account_key;
    held.views += counts.views;
    held.pricing_views += counts.pricing_views;
    held.downloads += counts.downloads;
    held.forms += counts.forms;
    held.points += counts.points;
  }

  /** Writes what is held if the browser has anonymous rows among it (before its stored ones are read). */
  async settleBrowser(site: string, visitorId: string): Promise<void> {
    if (this.anonymous.has(`${site}\u0000${visitorId}`)) await this.flush();
  }

  /** Writes every held row, in the order first seen. */
  async flush(): Promise<void> {
    const rows = [...this.rows.values()];
    this.rows.clear();
    this.anonymous.clear();
    this.last = null;
    for (const row of rows) await this.write(row);
  }
}
