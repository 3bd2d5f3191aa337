import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';
import { passwordProblem } from './password-policy.js';

describe('passwords', () => {
  it('scrypt: a hash verifies its password only, is salted, and never contains the password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('horse');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    for (const junk of [null, '', 'plain', 'scrypt$1$2$3$x$y', a.replace('$32768$', '$999999999$')]) {
      expect(await verifyPassword('correct horse battery', junk)).toBe(false);
    }
  });

  it('policy: 12 characters at least, not a common password in any case, not the email', async () => {
    expect(await passwordProblem('short')).toMatch(/at least 12/);
    expect(await passwordProblem('ééééééééééé')).toMatch(/at least 12/);
    expect(await passwordProblem('1q2w3e4r5t6y')).toMatch(/common passwords/);
    expect(await passwordProblem('QWERTY123456')).toMatch(/common passwords/);
    expect(await passwordProblem('ann.smith@example.com', 'Ann.Smith@example.com')).toMatch(/email/);
    expect(await passwordProblem('Velvet tractor 19 pianos')).toBeNull();
  });
});
