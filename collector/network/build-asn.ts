/**
 * `npm run build` (target `network`): the open ASN data of `@ip-location-db/asn` (CSV: first address,
 * last address, AS number, AS organization) converted once into an MMDB file the collector reads
 * with mmdb-lib, so no collector parses 45 MB of CSV at start. Skipped when the output is newer
 * than the package.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createMmdbWriter } from './mmdb-writer.js';

/** One CSV line; the organization may be quoted and contain commas or doubled quotes. */
export function parseAsnLine(line: string): { first: string; last: string; asn: number; org: string } | null {
  const m = line.match(/^([^,]+),([^,]+),(\d+),(?:"((?:[^"]|"")*)"|(.*))$/);
  if (!m) return null;
  return { first: m[1]!, last: m[2]!, asn: Number(m[3]), org: (m[4]?.replace(/""/g, '"') ?? m[5] ?? '').trim() };
}

export function buildAsnDatabase(csvFiles: readonly string[]): Buffer {
  const writer = createMmdbWriter({ databaseType: 'Kindling-ASN', description: 'RouteViews, NRO and DB-IP ASN data (CC BY 4.0)' });
  for (const file of csvFiles) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const row = parseAsnLine(line);
      if (row) writer.insertRange(row.first, row.last, { autonomous_system_number: row.asn, autonomous_system_organization: row.org });
    }
  }
  return writer.toBuffer();
}

/** Writes `out` from the package in `packageDir` unless it is already newer; returns whether it built. */
export function ensureAsnDatabase(packageDir: string, out: string): boolean {
  const csv = ['asn-ipv4.csv', 'asn-ipv6.csv'].map((name) => join(packageDir, name));
  const source = join(packageDir, 'package.json');
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(source).mtimeMs) return false;
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, buildAsnDatabase(csv));
  renameSync(tmp, out);
  return true;
}
