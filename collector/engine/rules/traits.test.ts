import { describe, expect, it } from 'vitest';
import { derivedTrait, type Traits } from './traits.js';

describe('derived traits (email_domain, email_type)', () => {
  it('follow the email they come from, whichever lead asked last', () => {
    const ann: Traits = { email: { value: 'ann@acme.io', setAt: 1, seq: 7 }, title: { value: 'VP', setAt: 1, seq: 7 } };
    const kid: Traits = { email: { value: 'kid@gmail.com', setAt: 2, seq: 9 } };
    expect(derivedTrait(ann, 'email_type')).toEqual({ value: 'company', setAt: 1, seq: 7 });
    expect(derivedTrait(ann, 'email_domain')).toEqual({ value: 'acme.io', setAt: 1, seq: 7 });
    expect(derivedTrait(kid, 'email_type')).toEqual({ value: 'free', setAt: 2, seq: 9 });
    expect(derivedTrait(ann, 'email_domain')).toEqual({ value: 'acme.io', setAt: 1, seq: 7 });
    expect(derivedTrait(ann, 'title')).toBe(ann.title);
    expect(derivedTrait({}, 'email_type')).toBeUndefined();
  });

  it('are derived again when the email entry is replaced or changed in place', () => {
    const traits: Traits = { email: { value: 'ann@acme.io', setAt: 1, seq: 7 } };
    expect(derivedTrait(traits, 'email_type')!.value).toBe('company');
    traits.email = { value: 'ann@gmail.com', setAt: 3, seq: 11 };
    expect(derivedTrait(traits, 'email_type')).toEqual({ value: 'free', setAt: 3, seq: 11 });
    traits.email.value = 'ann@cs.stanford.edu';
    expect(derivedTrait(traits, 'email_type')).toEqual({ value: 'education', setAt: 3, seq: 11 });
    traits.email.seq = 12;
    expect(derivedTrait(traits, 'email_domain')).toEqual({ value: 'cs.stanford.edu', setAt: 3, seq: 12 });
  });
});
