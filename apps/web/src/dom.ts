import { ApiError } from './api.js';

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** A tiny element builder: `h('button', { class: 'primary', onclick }, 'Save')`. Text is never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]) {
  for (const child of children.flat(Infinity as 1) as Child[]) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(parent: Element, ...children: Child[]) {
  parent.replaceChildren();
  append(parent, children);
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(
  tag: string,
  attrs: Record<string, string | number | undefined> = {},
  ...children: (Node | string)[]
): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

let idSeq = 0;
export const uid = (prefix = 'f') => `${prefix}-${++idSeq}`;

/** A labelled field with a slot for the API's message about it (`data-field` is the API's field name). */
export function field(label: string, name: string, input: HTMLElement, hint?: string): HTMLElement {
  const id = input.id || uid(name.replace(/\W/g, '-'));
  input.id = id;
  input.setAttribute('name', name);
  const errId = `${id}-error`;
  input.setAttribute('aria-describedby', errId);
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    input,
    hint ? h('small', { class: 'hint' }, hint) : null,
    h('p', { class: 'field-error', id: errId, 'aria-live': 'polite' }),
  );
}

/**
 * Shows an error: a 400's messages next to the fields they name (and in the summary), anything else
 * in the form's alert box.
 */
export function showError(form: HTMLElement, err: unknown) {
  clearErrors(form);
  const box = form.querySelector<HTMLElement>('.form-error');
  const problems = err instanceof ApiError ? err.fieldProblems() : [];
  let unplaced: string[] = [];
  for (const p of problems) {
    const slot =
      form.querySelector<HTMLElement>(`[data-field="${CSS.escape(p.field)}"]`) ??
      form.querySelector<HTMLElement>(`[data-field="${CSS.escape(p.field.split('.')[0])}"]`);
    if (slot) {
      slot.classList.add('invalid');
      slot.querySelector('input,select,textarea')?.setAttribute('aria-invalid', 'true');
      const msg = slot.querySelector<HTMLElement>('.field-error');
      if (msg) msg.textContent = p.messages.join('. ');
    } else unplaced = [...unplaced, ...p.messages];
  }
  const text = problems.length
    ? unplaced.length
      ? unplaced.join('. ')
      : 'Please correct the fields marked below.'
    : errorMessage(err);
  if (box) {
    box.textContent = text;
    const reasons = err instanceof ApiError ? err.reasons() : [];
    if (reasons.length)
      box.append(
        h(
          'ul',
          {},
          reasons.map((r) => h('li', {}, r)),
        ),
      );
    box.hidden = false;
  }
  (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
}

export function clearErrors(form: HTMLElement) {
  form.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  form.querySelectorAll<HTMLElement>('.field-error').forEach((e) => (e.textContent = ''));
  const box = form.querySelector<HTMLElement>('.form-error');
  if (box) {
    box.textContent = '';
    box.hidden = true;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 404) return 'Not found, or not in your clinics.';
    if (err.status === 403) return 'Your role may not do this.';
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export const formError = () => h('p', { class: 'form-error', role: 'alert', hidden: true });

export function alertBox(err: unknown): HTMLElement {
  return h('div', { class: 'alert error', role: 'alert' }, errorMessage(err));
}

export function empty(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}

export function loading(): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, 'Loading…');
}

/** Runs an async action from a button: disabled while it runs, errors into `form`'s alert. */
export function busy(button: HTMLButtonElement, form: HTMLElement, action: () => Promise<void>) {
  return async (event?: Event) => {
    event?.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    clearErrors(form);
    try {
      await action();
    } catch (err) {
      showError(form, err);
    } finally {
      // A button the screen has blocked meanwhile (dose on hold) stays disabled.
      button.disabled = button.hasAttribute('data-blocked');
      button.removeAttribute('aria-busy');
    }
  };
}

// ---- times: stored in UTC, shown in the clinic's time zone ----

export function fmtDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

export function fmtTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

export function fmtDate(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso));
}

/** Short zone name for a caption ("times in EST"). */
export function zoneLabel(timeZone?: string): string {
  if (!timeZone) return '';
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName');
  return `${timeZone.replace(/_/g, ' ')} (${part?.value ?? ''})`;
}

/** A datetime-local value ("2026-11-27T14:05") for now in a time zone, and back to UTC ISO. */
export function localInputValue(date: Date, timeZone?: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

export function fromLocalInput(value: string, timeZone?: string): string {
  // Interpret the wall time in the zone: guess as UTC, then correct by the zone's offset at that instant.
  const guess = new Date(`${value}:00Z`);
  if (Number.isNaN(guess.getTime())) return value;
  const shown = new Date(`${localInputValue(guess, timeZone)}:00Z`);
  return new Date(guess.getTime() - (shown.getTime() - guess.getTime())).toISOString();
}

const ACRONYMS: Record<string, string> = {
  MDD: 'MDD',
  TRD: 'TRD',
  PTSD: 'PTSD',
  IV: 'IV',
  IM: 'IM',
  BIPOLAR_DEPRESSION: 'Bipolar depression',
};
export const humanize = (code: string) =>
  ACRONYMS[code] ??
  code
    .replace(/_/g, ' ')
    .toLowerCase()
    .replace(/^\w/, (c) => c.toUpperCase())
    .replace(/\b(bp|hr|spo2|rr|phq9|ssri|maoi|cns)\b/gi, (m) => m.toUpperCase());

export function badge(text: string, kind: string = text): HTMLElement {
  return h('span', { class: `badge badge-${kind.toLowerCase()}` }, humanize(text));
}
