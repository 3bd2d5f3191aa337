import { describe, expect, it } from 'vitest';
import { companyDomainOf, companyNameOf, emailDomainKind, isEducationDomain } from './email-domain.js';

describe('email domains', () => {
  it('makes the company the email domain unless it is free-mail or a school', () => {
    expect(companyDomainOf('ann@Acme.io')).toBe('acme.io');
    expect(companyDomainOf('bob@gmail.com')).toBeNull();
    expect(companyDomainOf('cy@cs.stanford.edu')).toBeNull();
    expect(companyDomainOf('di@stud.uni-heidelberg.de')).toBeNull();
  });

  it.each([
    ['mit.edu', true],
    ['cs.stanford.edu', true],
    ['unam.edu.mx', true],
    ['ox.ac.uk', true],
    ['u-tokyo.ac.jp', true],
    ['uni-heidelberg.de', true],
    ['univ-lyon1.fr', true],
    ['stud.uni-hannover.de', true],
    ['student.tue.nl', true],
    ['students.example.org', true],
    ['acme.io', false],
    ['education.com', false],
    ['edu-tech.io', false],
    ['unicorn.io', false],
    ['studio.design', false],
    ['mac.com.evil.io', false],
    ['university-sales.com', false],
  ])('%s is a school: %s', (domain, school) => {
    expect(isEducationDomain(domain)).toBe(school);
    expect(emailDomainKind(domain)).toBe(school ? 'education' : 'company');
  });

  it('tells free-mail apart from schools and companies', () => {
    expect(emailDomainKind('gmail.com')).toBe('free');
  });

  it.each([
    ['acme.io', 'Acme'],
    ['acme-industries.test', 'Acme Industries'],
    ['mail.northwind.com', 'Northwind'],
    ['contoso.co.uk', 'Contoso'],
    ['fabrikam.com.au', 'Fabrikam'],
    ['localhost', 'Localhost'],
  ])('names %s "%s" when no name is known', (domain, name) => {
    expect(companyNameOf(domain)).toBe(name);
  });
});
