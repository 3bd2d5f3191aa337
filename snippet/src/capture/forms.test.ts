// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { onCleanPage, resetPage, startTracking } from '../../../test/support/snippet.js';
import { formFields } from './forms.js';

const form = (html: string, attrs = 'id="demo-form" name="demo" action="/thanks"') => {
  document.body.innerHTML = `<form ${attrs}>${html}</form>`;
  return document.querySelector('form')!;
};

describe('form fields', () => {
  beforeEach(() => resetPage('https://www.example.com/demo-request'));

  it('keeps text, select, radio, checkbox and textarea values, with the form id, name and absolute action', () => {
    const f = form(`
      <input name="company" value="Acme Corp">
      <input type="tel" name="phone" value="+1 555 0100">
      <input type="number" name="employees" value="250">
      <input type="search" name="q" value="intent">
      <select name="timeline"><option value="now">Now</option><option value="90d" selected>90 days</option></select>
      <input type="radio" name="budget" value="under-10k">
      <input type="radio" name="budget" value="10k-50k" checked>
      <input type="checkbox" name="interest" value="alerts" checked>
      <input type="checkbox" name="interest" value="api">
      <input type="checkbox" name="interest" value="dashboard" checked>
      <input type="checkbox" name="newsletter">
      <textarea name="message">We need buyer intent</textarea>
      <input id="role" value="Head of Sales">
      <input value="no name, no id">
      <input name="empty" value="">`);
    expect(formFields(f)).toEqual({
      f: {
        id: 'demo-form',
        n: 'demo',
        a: 'https://www.example.com/thanks',
        fl: {
          company: 'Acme Corp',
          phone: '+1 555 0100',
          employees: '250',
          q: 'intent',
          timeline: '90d',
          budget: '10k-50k',
          interest: 'alerts,dashboard',
          message: 'We need buyer intent',
          role: 'Head of Sales',
        },
      },
      em: undefined,
    });
  });

  it('never keeps password, hidden or file inputs, buttons, credit-card fields or secret-looking names', () => {
    const f = form(`
      <input name="company" value="Acme">
      <input type="password" name="pw" value="hunter2">
      <input type="hidden" name="campaign_id" value="c-1">
      <input type="file" name="cv">
      <input type="submit" name="go" value="Send">
      <button name="btn" value="x">Send</button>
      <input type="reset" name="rs" value="Reset">
      <input type="image" name="img" value="i">
      <input name="cardnumber" value="4111111111111111">
      <input name="holder" autocomplete="cc-name" value="Ada Lovelace">
      <input name="exp" autocomplete="billing cc-exp" value="12/30">
      <input name="cvv" value="123">
      <input name="card_cvc" value="123">
      <input name="ssn" value="078-05-1120">
      <input name="api_secret" value="s3cr3t">
      <input name="csrf_token" value="t0k3n">
      <input name="IBAN" value="DE89370400440532013000">
      <input name="PassPhrase" value="open sesame">
      <input id="user-password-confirm" value="hunter2">
      <input name="x" autocomplete="new-password" value="hunter2">`);
    expect(formFields(f)!.f.fl).toEqual({ company: 'Acme' });
  });

  it('cuts values to 200 characters', () => {
    const f = form(`<textarea name="message">${'m'.repeat(500)}</textarea>`);
    expect(formFields(f)!.f.fl.message).toBe('m'.repeat(200));
  });

  it('leaves out fields (or fieldsets) marked data-kindling-ignore, and ignored forms entirely', () => {
    const f = form(`
      <input name="company" value="Acme">
      <input name="notes" value="private" data-kindling-ignore>
      <fieldset data-kindling-ignore><input name="health" value="private"></fieldset>`);
    expect(formFields(f)!.f.fl).toEqual({ company: 'Acme' });
    expect(formFields(form('<input name="company" value="Acme">', 'data-kindling-ignore'))).toBeUndefined();
    document.body.innerHTML = '<div data-kindling-ignore><form><input name="a" value="b"></form></div>';
    expect(formFields(document.querySelector('form')!)).toBeUndefined();
  });

  it('an email field (type email, or named like email) identifies the visitor with the normalized address', () => {
    expect(formFields(form('<input type="email" name="contact" value="  Ada@Example.COM ">'))!.em).toBe('ada@example.com');
    expect(formFields(form('<input name="work_email" value="grace@navy.mil">'))!.em).toBe('grace@navy.mil');
    expect(formFields(form('<input name="E-Mail" value="linus@kernel.org">'))!.em).toBe('linus@kernel.org');
    const f = formFields(form('<input type="email" name="email" value="not an address"><input name="company" value="Acme">'))!;
    expect(f.em).toBeUndefined();
    expect(f.f.fl).toEqual({ email: 'not an address', company: 'Acme' });
    expect(formFields(form('<input name="company" value="ada@example.com">'))!.em).toBeUndefined();
  });

  it('reads the form attributes even when fields named id, name or action shadow them', () => {
    const f = form(
      '<input name="id" value="7"><input name="name" value="Ada"><input name="action" value="subscribe">',
      'id="f1" name="signup" action="https://crm.example.net/submit"',
    );
    expect(formFields(f)!.f).toMatchObject({
      id: 'f1',
      n: 'signup',
      a: 'https://crm.example.net/submit',
      fl: { id: '7', name: 'Ada', action: 'subscribe' },
    });
    const bare = formFields(form('<input name="a" value="b">', ''))!.f;
    expect(bare).toEqual({ id: undefined, n: undefined, a: 'https://www.example.com/demo-request', fl: { a: 'b' } });
  });

  it('keeps at most 50 fields, and names that are Object.prototype keys are plain keys', () => {
    const many = Array.from({ length: 60 }, (_, i) => `<input name="f${i}" value="v${i}">`).join('');
    const fl = formFields(form(many + '<input name="constructor" value="c">'))!.f.fl;
    expect(Object.keys(fl)).toHaveLength(50);
    expect(fl.f49).toBe('v49');
    expect(formFields(form('<input name="constructor" value="c"><input name="toString" value="t">'))!.f.fl).toEqual({
      constructor: 'c',
      toString: 't',
    });
  });
});

describe('form submits', () => {
  onCleanPage('https://www.example.com/demo-request');

  it('are caught on the submit event before the page handles it, also when a framework submits with JavaScript', async () => {
    const { sent } = await startTracking();
    (await import('./forms.js')).captureForms();
    const f = form(
      '<input type="email" name="email" value="ada@example.com"><input type="password" name="pw" value="x"><button>Send</button>',
    );
    // the page's own handler: a single-page app that posts with fetch and stops everything
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      e.stopImmediatePropagation();
    });
    f.requestSubmit();
    f.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    document.body.innerHTML = '<form data-kindling-ignore><input name="a" value="b"></form>';
    document.querySelector('form')!.requestSubmit();
    expect(sent.map((s) => s.batch.e)).toEqual([
      [expect.objectContaining({ t: 'form', em: 'ada@example.com', f: expect.objectContaining({ fl: { email: 'ada@example.com' } }) })],
      [expect.objectContaining({ t: 'form' })],
    ]);
  });
});
