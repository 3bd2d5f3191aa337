import type { Settings } from '../port/parts.js';
import type { SqlOrTx } from './connect.js';

export function createPostgresSettings(sql: SqlOrTx): Settings {
  return {
    async get(key) {
      const [row] = await sql<{ value: string }[]>`SELECT value FROM settings WHERE key = ${key}`;
      return row?.value ?? null;
    },
    async set(key, value) {
      await sql`INSERT INTO settings (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
    },
  };
}
