import { describe, expect, it } from 'vitest';
import { redactUrl } from './store.js';

describe('redactUrl', () => {
  it('shows where the database is, never its password', () => {
    expect(redactUrl('postgres://kindling:s3cret@db.example.com:5432/kindling')).toBe(
      'postgres://kindling:***@db.example.com:5432/kindling',
    );
    expect(redactUrl('postgres://db.example.com/kindling')).toBe('postgres://db.example.com/kindling');
    expect(redactUrl('postgres://kindling:s3cret@/kindling?host=/run/postgresql')).not.toContain('s3cret');
  });
});
