import { normalizeEmail } from '../email.js';
import { FIELD_VALUE_MAX, IGNORE, KEY_MAX, MAX_KEYS } from '../constants.js';
import { flush } from '../delivery/index.js';
import { emit } from '../events.js';
import { cut, doc, loc, on } from '../util.js';
import type { EventFields } from '../wire.js';

/**
 * Fields never kept, tested against "<type><unticked>,name,id,autocomplete" (unticked is "true"
 * for a radio or checkbox that is not ticked). Types are matched by the shortest prefix that tells
 * them from the kept ones (search, select-*, radio, range...), because every byte counts: password,
 * hidden, file; the buttons submit, button, reset, image (and fieldset); unticked radios and
 * checkboxes. Names: pass, card, cvv, cvc, ssn, secret, token, iban. Autocomplete: credit-card
 * fields (cc-*).
 */
const SKIPPED = /^((rad|ch)\w+true|p|h|f|su|b|re|i)|pass|card|cvv|cvc|ssn|secret|token|iban|\bcc-/i;

type Field = HTMLInputElement & HTMLSelectElement;

/**
 * What a submitted form says: its id, name and action, the values of its kept fields (cut to
 * FIELD_VALUE_MAX; a checkbox group's ticked values joined by commas), and the email that
 * identifies the visitor if a field of type email or named like "email" holds a valid one.
 * Undefined for an ignored form. Attributes are read with getAttribute because a field named "id"
 * or "action" shadows the form's own properties.
 */
export const formFields = (form: HTMLFormElement): EventFields<'form'> | undefined => {
  if (form.closest(IGNORE)) return;
  // No prototype: a field named "constructor" is just a key.
  const fl: Record<string, string> = { __proto__: null } as never;
  let count = 0;
  let em: string | undefined;
  const attr = (name: string) => form.getAttribute(name) || undefined;
  // form.elements: every control of the form, also those outside it with a form="..." attribute.
  for (const el of form.elements as unknown as Iterable<Field>) {
    const name = cut(el.name || el.id, KEY_MAX);
    const value = el.value;
    const seen = name in fl;
    if (
      name &&
      value &&
      !SKIPPED.test([el.type + !el.checked, name, el.id, el.autocomplete] + '') &&
      !el.closest(IGNORE) &&
      (seen || ++count <= MAX_KEYS)
    ) {
      if (/e-?mail/i.test(el.type + name)) em ||= normalizeEmail(value);
      fl[name] = cut(seen ? fl[name] + ',' + value : value, FIELD_VALUE_MAX);
    }
  }
  return {
    f: { id: attr('id'), n: attr('name'), a: cut(new URL(attr('action') || '', loc.href).href), fl },
    em,
  };
};

/**
 * Submits, caught on document in the capture phase: before the page's own handlers, so forms that
 * frameworks submit with JavaScript (preventDefault + fetch) are seen too; sent at once, before any
 * navigation.
 */
export const captureForms = (): void =>
  on(
    doc,
    'submit',
    (e: SubmitEvent) => {
      const fields = formFields(e.target as HTMLFormElement);
      if (fields) {
        emit('form', fields);
        flush();
      }
    },
    true,
  );
