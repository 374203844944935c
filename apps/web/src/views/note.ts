import { create, get, patch, post } from '../api.js';
import { clinicOf, link } from '../app.js';
import type { View } from '../app.js';
import { alertBox, badge, busy, field, fmtDateTime, formError, h, replace } from '../dom.js';
import type { Patient } from './patients.js';

interface Addendum {
  id: string;
  text?: string;
  content?: string;
  createdAt?: string;
  authorId?: string;
}
interface Note {
  id: string;
  patientId: string;
  sessionId?: string | null;
  authorId?: string;
  format: 'SOAP' | 'DAP';
  status: 'draft' | 'signed';
  content: Record<string, string>;
  createdAt?: string;
  updatedAt?: string;
  signedAt?: string | null;
  signedBy?: string | null;
  contentHash?: string | null;
  addenda?: Addendum[];
}

const SECTIONS: Record<Note['format'], [string, string][]> = {
  SOAP: [
    ['subjective', 'Subjective: what the patient reports'],
    ['objective', 'Objective: what was observed and measured'],
    ['assessment', 'Assessment'],
    ['plan', 'Plan'],
  ],
  DAP: [
    ['data', 'Data: what happened in the session'],
    ['assessment', 'Assessment'],
    ['plan', 'Plan'],
  ],
};

/** Integration note: a draft is edited and saved, then signed by its author; afterwards only addenda. */
const view: View = async (root, { id }, user) => {
  const draw = async () => {
    let note: Note;
    try {
      note = await get<Note>(`/notes/${id}`);
    } catch (err) {
      replace(root, h('h1', {}, 'Note'), alertBox(err));
      return;
    }
    const patient = await get<Patient>(`/patients/${note.patientId}`).catch(() => null);
    const tz = (await clinicOf(patient?.clinicId))?.timeZone;
    const signed = note.status === 'signed';
    const mineToSign = !note.authorId || note.authorId === user.id;
    const areas = SECTIONS[note.format].map(([key, label]) => {
      const ta = h('textarea', { rows: 5, readonly: signed });
      ta.value = note.content?.[key] ?? '';
      return { key, el: field(label, `content.${key}`, ta), ta };
    });
    const saved = h(
      'p',
      { role: 'status', class: 'sub' },
      note.updatedAt ? `Last saved ${fmtDateTime(note.updatedAt, tz)}` : '',
    );
    const save = h('button', { type: 'submit', class: 'secondary' }, 'Save draft');
    const sign = h('button', { type: 'button', class: 'primary' }, 'Sign note');
    const content = () => Object.fromEntries(areas.map((a) => [a.key, a.ta.value]));
    const form = h(
      'form',
      { class: 'note-form', novalidate: true },
      formError(),
      areas.map((a) => a.el),
      signed
        ? null
        : h(
            'div',
            { class: 'actions' },
            save,
            mineToSign ? sign : h('span', { class: 'sub' }, 'Only the author signs this note.'),
            saved,
          ),
    );
    form.addEventListener(
      'submit',
      busy(save, form, async () => {
        const n = await patch<Note>(`/notes/${id}`, { content: content() });
        saved.textContent = `Saved ${fmtDateTime(n.updatedAt ?? new Date().toISOString(), tz)}`;
      }),
    );
    sign.addEventListener(
      'click',
      busy(sign, form, async () => {
        if (!confirm('Sign this note? A signed note cannot be changed; corrections are added as addenda.'))
          return;
        await patch(`/notes/${id}`, { content: content() });
        await post(`/notes/${id}/sign`);
        await draw();
      }),
    );

    const addenda = note.addenda ?? [];
    const addText = h('textarea', { rows: 3 });
    const addBtn = h('button', { type: 'submit', class: 'primary' }, 'Add addendum');
    const addForm = h(
      'form',
      { novalidate: true },
      formError(),
      field('Addendum (appended, never edits the signed note)', 'text', addText),
      h('div', { class: 'actions' }, addBtn),
    );
    addForm.addEventListener(
      'submit',
      busy(addBtn, addForm, async () => {
        await create(`/notes/${id}/addenda`, { text: addText.value.trim() });
        await draw();
      }),
    );

    replace(
      root,
      h(
        'p',
        { class: 'crumbs' },
        link(
          `/patients/${note.patientId}`,
          `← ${patient ? `${patient.givenName} ${patient.familyName}` : 'Patient'}`,
        ),
      ),
      h('h1', {}, `${note.format} integration note `, badge(note.status)),
      note.sessionId ? h('p', {}, link(`/sessions/${note.sessionId}`, 'Linked dosing session')) : null,
      signed
        ? h(
            'p',
            { class: 'alert info' },
            `Signed ${fmtDateTime(note.signedAt, tz)}. Content SHA-256 `,
            h('code', {}, note.contentHash ?? ''),
            '. A signed note is immutable.',
          )
        : null,
      h('section', { class: 'card' }, form),
      signed
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'h-add' },
            h('h2', { id: 'h-add' }, 'Addenda'),
            addenda.length
              ? h(
                  'ol',
                  { class: 'timeline' },
                  addenda.map((a) =>
                    h('li', {}, h('time', {}, fmtDateTime(a.createdAt, tz)), ' ', a.text ?? a.content ?? ''),
                  ),
                )
              : h('p', { class: 'empty' }, 'No addendum.'),
            addForm,
          )
        : null,
    );
  };
  await draw();
};

export default view;
