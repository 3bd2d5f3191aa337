import type { ActivityRow } from '../store/port/accounts.js';

type Counts = Pick<ActivityRow, 'views' | 'pricing_views' | 'downloads' | 'forms' | 'points'>;

/**
 * Account activity gathered in memory for one batch, one row per (site, browser, person, day), and
 * written with one upsert per row instead of one per event. The store's upsert adds counts and keeps
 * the latest non-empty account key, so summing here first gives the same table.
 *
 * A rebuild holds several batches (`seal` ends one): their rows are written later, all together and
 * in key order, as if each batch had been flushed at its end. A row of an earlier batch and one of the
 * current batch may have the same key; they are written in batch order, so the table gets the same
 * upserts in the same order per key, and rows with different keys commute.
 */
export class ActivityBatch {
  private readonly rows = new Map<string, ActivityRow>();
  /** Browsers with an anonymous (lead 0) row in the current batch: reading their stored anonymous rows needs it written first. */
  private readonly anonymous = new Set<string>();
  /** Rows of sealed batches not yet written, in batch order, and the same rows by browser. */
  private sealed: ActivityRow[] = [];
  private readonly sealedByBrowser = new Map<string, ActivityRow[]>();
  /** Sealed rows a browser's settling wrote ahead of the rest. */
  private readonly written = new Set<ActivityRow>();
  /** The row the last event went to: a request's events are one browser's, mostly on one day. */
  private last: ActivityRow | null = null;

  /**
   * `sorted`: a flush writes the rows in key order (site, browser, person, day: the table's primary
   * key) instead of first seen first. A rebuild holds rows of thousands of browsers, and a b-tree
   * filled in key order costs about a third of one filled in log order (507,797 activity rows into
   * SQLite with its indexes: 5.0–5.9 s of CPU against 15.3–18.8 in random order).
   */
  constructor(
    private readonly write: (row: ActivityRow) => Promise<void>,
    private readonly sorted = false,
  ) {}

  /** Rows held, written or not. */
  get size(): number {
    return this.rows.size + this.sealed.length - this.written.size;
  }

  add(row: Omit<ActivityRow, keyof Counts>, counts: Counts): void {
    // The same row as the last event's needs no key built and looked up.
    const last = this.last;
    const same =
      last && last.site === row.site && last.visitor_id === row.visitor_id && last.lead_id === row.lead_id && last.day === row.day;
    const key = same ? '' : `${row.site}\u0000${row.visitor_id}\u0000${row.lead_id}\u0000${row.day}`;
    const held = same ? last : this.rows.get(key);
    if (!held) {
      // One literal, not `{ ...row, ...counts }`: the second spread gives each row its own hidden class on
      // Node 20, and a rebuild makes one of these for every other event.
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

  /** Ends the current batch: its rows stay held, to be written as if flushed now (see the class). */
  seal(): void {
    for (const row of this.rows.values()) {
      this.sealed.push(row);
      const browser = `${row.site}\u0000${row.visitor_id}`;
      const own = this.sealedByBrowser.get(browser);
      if (own) own.push(row);
      else this.sealedByBrowser.set(browser, [row]);
    }
    this.rows.clear();
    this.anonymous.clear();
    this.last = null;
  }

  /**
   * Before a browser's stored anonymous rows are read: writes what a flush at the end of every
   * earlier batch would have written for it (its sealed rows), and everything held if it has an
   * anonymous row in the current batch.
   */
  async settleBrowser(site: string, visitorId: string): Promise<void> {
    const browser = `${site}\u0000${visitorId}`;
    if (this.anonymous.has(browser)) return this.flush();
    const own = this.sealedByBrowser.get(browser);
    if (!own) return;
    this.sealedByBrowser.delete(browser);
    for (const row of own) {
      this.written.add(row);
      await this.write(row);
    }
  }

  /** Writes every held row: sealed batches first, then the current one (first seen first, or by key when `sorted`). */
  async flush(): Promise<void> {
    for (const row of this.take()) await this.write(row);
  }

  /** Every held row, in the order `flush` writes them, no longer held: for a caller that writes them over several transactions. */
  take(): ActivityRow[] {
    const rows = this.written.size ? this.sealed.filter((row) => !this.written.has(row)) : this.sealed;
    for (const row of this.rows.values()) rows.push(row);
    this.sealed = [];
    this.sealedByBrowser.clear();
    this.written.clear();
    this.rows.clear();
    this.anonymous.clear();
    this.last = null;
    // A stable sort: rows of one key keep their batches' order.
    if (this.sorted) rows.sort(byKey);
    return rows;
  }
}

function byKey(a: ActivityRow, b: ActivityRow): number {
  if (a.site !== b.site) return a.site < b.site ? -1 : 1;
  if (a.visitor_id !== b.visitor_id) return a.visitor_id < b.visitor_id ? -1 : 1;
  return a.lead_id - b.lead_id || a.day - b.day;
}
