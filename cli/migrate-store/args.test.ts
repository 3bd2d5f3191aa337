import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage.js';
import { DEFAULT_BATCH_ROWS, parseMigrateStoreArgs, redactUrl } from './args.js';

const usage = (argv: string[]) => {
  try {
    parseMigrateStoreArgs(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('no UsageError');
};

describe('migrate-store arguments', () => {
  it('takes the source, the target and a batch size', () => {
    expect(parseMigrateStoreArgs(['--from', 'a.db', '--to', 'postgres://h/k'])).toEqual({
      from: 'a.db',
      to: 'postgres://h/k',
      batchRows: DEFAULT_BATCH_ROWS,
    });
    expect(parseMigrateStoreArgs(['--from', 'a.db', '--to', 'postgresql://h/k', '--batch', '50']).batchRows).toBe(50);
  });

  it('names what is missing or wrong; --help asks for the usage text', () => {
    expect(usage(['--to', 'postgres://h/k'])).toMatch(/^--from is required/);
    expect(usage(['--from', 'a.db'])).toMatch(/^--to is required/);
    expect(usage(['--from', 'a.db', '--to', 'mysql://h/k'])).toBe('--to must be a postgres:// or postgresql:// URL');
    for (const bad of ['0', '10001', '1.5', 'x'])
      expect(usage(['--from', 'a', '--to', 'postgres://h/k', '--batch', bad])).toMatch(/^--batch/);
    expect(usage(['--from', 'a', '--to', 'postgres://h/k', '--force'])).toMatch(/--force/);
    expect(usage(['--help'])).toBe('');
  });

  it('hides the password of a URL it prints', () => {
    expect(redactUrl('postgres://kindling:s3cret@db:5432/k')).toBe('postgres://kindling:***@db:5432/k');
    expect(redactUrl('postgres://kindling@db/k')).toBe('postgres://kindling@db/k');
    expect(redactUrl('postgres://u:p@[bad')).toBe('postgres://***@[bad');
    expect(redactUrl('postgres://kindling:s3cret@/kindling?host=/run/postgresql')).not.toContain('s3cret');
  });
});
