import { get, post } from '../api.js';
import type { Page } from '../api.js';
import { clinics, link } from '../app.js';
import type { Clinic, View } from '../app.js';
import {
  alertBox,
  badge,
  busy,
  field,
  fmtDateTime,
  fmtTime,
  formError,
  h,
  humanize,
  replace,
  zoneLabel,
} from '../dom.js';
import type { Patient } from './patients.js';
import type { Flag } from './session.js';

const POLL_MS = 4000;
const RANK = { critical: 0, warning: 1, info: 2 } as const;

const escalated = (f: Flag) => !!(f.escalatedAt ?? f.escalated);

/** The review queue: critical first, then newest; refreshed by polling while the page is open. */
const view: View = async (root) => {
  const mine = await clinics();
  const clinicSel = h(
    'select',
    {},
    h('option', { value: '' }, 'All my clinics'),
    mine.map((c) => h('option', { value: c.id }, c.name)),
  );
  const statusSel = h(
    'select',
    {},
    h('option', { value: 'active' }, 'Open and acknowledged'),
    h('option', { value: 'open' }, 'Open only'),
    h('option', { value: 'resolved' }, 'Resolved'),
  );
  const counts = h('div', { class: 'counts', 'aria-live': 'polite' });
  const list = h('ol', { class: 'queue', 'aria-label': 'Flags, critical first' });
  const state = h('div', { 'aria-live': 'polite' });
  const updated = h('p', { class: 'sub' });
  const rows = new Map<string, { el: HTMLElement; flag: Flag }>();
  const names = new Map<string, Promise<string>>();
  const tzOf = (f: Flag): Clinic | undefined =>
    mine.find((c) => c.id === (f as Flag & { clinicId?: string }).clinicId) ??
    (mine.length === 1 ? mine[0] : undefined);

  const patientName = (id: string) => {
    if (!names.has(id))
      names.set(
        id,
        get<Patient>(`/patients/${id}`)
          .then((p) => `${p.givenName} ${p.familyName}`)
          .catch(() => 'Patient'),
      );
    return names.get(id)!;
  };

  function rowFor(f: Flag): HTMLElement {
    const tz = tzOf(f)?.timeZone;
    const comment = h('textarea', { rows: 2 });
    const ack = h('button', { type: 'button', class: 'secondary' }, 'Acknowledge');
    const res = h('button', { type: 'button', class: 'primary' }, 'Resolve');
    const who = h('span', {}, 'Patient');
    void patientName(f.patientId!).then((n) => (who.textContent = n));
    const readings = (f.readings ?? []).map(
      (r) =>
        `${r.systolic}/${r.diastolic} mmHg, HR ${r.heartRate}${r.spo2 != null ? `, SpO₂ ${r.spo2}` : ''} (${humanize(r.phase)})`,
    );
    const status = h('span', { class: 'flag-status' });
    const form = h(
      'form',
      { class: 'flag-actions', novalidate: true },
      formError(),
      field('Comment', 'comment', comment),
      h('div', { class: 'actions' }, ack, res),
    );
    const act = (action: 'acknowledge' | 'resolve', btn: HTMLButtonElement) =>
      busy(btn, form, async () => {
        const updatedFlag = await post<Flag>(`/flags/${f.id}/${action}`, {
          comment: comment.value.trim() || undefined,
        });
        comment.value = '';
        update({ ...f, ...updatedFlag });
        await poll();
      });
    ack.addEventListener('click', act('acknowledge', ack));
    res.addEventListener('click', act('resolve', res));
    const el = h(
      'li',
      { class: `flag card sev-${f.severity}`, 'data-flag-id': f.id },
      h(
        'div',
        { class: 'flag-head' },
        badge(f.severity),
        h('strong', {}, humanize(f.code)),
        f.blocksDosing ? h('span', { class: 'pill hold' }, 'holds dosing') : null,
        status,
      ),
      h(
        'p',
        {},
        who,
        ' · ',
        f.sessionId
          ? link(`/sessions/${f.sessionId}`, 'open the session')
          : link(`/patients/${f.patientId}`, 'open the patient'),
        f.raisedAt ? ` · raised ${fmtDateTime(f.raisedAt, tz)}` : '',
      ),
      readings.length ? h('p', { class: 'sub' }, readings.join('; ')) : null,
      form,
    );
    const update = (next: Flag) => {
      rows.set(next.id, { el, flag: next });
      replace(
        status,
        badge(next.status),
        escalated(next) ? h('span', { class: 'pill escalated' }, 'escalated') : null,
      );
      ack.hidden = next.status !== 'open';
      form.hidden = next.status === 'resolved';
    };
    update(f);
    return el;
  }

  async function fetchFlags(): Promise<Flag[]> {
    const statuses = statusSel.value === 'active' ? ['open', 'acknowledged'] : [statusSel.value];
    const pages = await Promise.all(
      statuses.map((status) => get<Page<Flag>>('/flags', { clinicId: clinicSel.value, status, limit: 200 })),
    );
    return pages.flatMap((p) => p.items);
  }

  async function poll() {
    try {
      const flags = (await fetchFlags()).sort(
        (a, b) => RANK[a.severity] - RANK[b.severity] || (b.raisedAt ?? '').localeCompare(a.raisedAt ?? ''),
      );
      const seen = new Set(flags.map((f) => f.id));
      for (const [fid, r] of rows) {
        if (seen.has(fid)) continue;
        r.el.remove();
        rows.delete(fid);
      }
      flags.forEach((f, i) => {
        const known = rows.get(f.id);
        if (!known) rows.set(f.id, { el: rowFor(f), flag: f });
        else if (known.flag.status !== f.status || escalated(known.flag) !== escalated(f)) {
          known.el.replaceWith(rowFor(f));
        }
        const el = rows.get(f.id)!.el;
        if (list.children[i] !== el) list.insertBefore(el, list.children[i] ?? null);
      });
      const critical = flags.filter((f) => f.severity === 'critical' && f.status !== 'resolved').length;
      const esc = flags.filter((f) => escalated(f) && f.status !== 'resolved').length;
      replace(
        counts,
        h(
          'div',
          { class: `count ${esc ? 'bad' : ''}`, 'data-count': 'escalated' },
          h('strong', {}, String(esc)),
          ' escalated',
        ),
        h(
          'div',
          { class: `count ${critical ? 'bad' : ''}`, 'data-count': 'critical' },
          h('strong', {}, String(critical)),
          ' critical',
        ),
        h(
          'div',
          { class: 'count', 'data-count': 'total' },
          h('strong', {}, String(flags.length)),
          ' in the queue',
        ),
      );
      replace(
        state,
        flags.length
          ? null
          : h(
              'p',
              { class: 'empty' },
              statusSel.value === 'resolved'
                ? 'No resolved flag.'
                : 'The queue is empty: no flag waits for review.',
            ),
      );
      updated.textContent = `Updated ${fmtTime(new Date().toISOString(), mine.length === 1 ? mine[0].timeZone : undefined)}; refreshes every ${POLL_MS / 1000} s.${mine.length === 1 ? ` Times in ${zoneLabel(mine[0].timeZone)}.` : ''}`;
    } catch (err) {
      replace(state, alertBox(err));
    }
  }

  const reset = () => {
    rows.clear();
    list.replaceChildren();
    void poll();
  };
  clinicSel.addEventListener('change', reset);
  statusSel.addEventListener('change', reset);
  replace(
    root,
    h('h1', {}, 'Flag queue'),
    updated,
    counts,
    h(
      'div',
      { class: 'toolbar' },
      mine.length > 1 ? field('Clinic', 'clinicId', clinicSel) : null,
      field('Show', 'status', statusSel),
    ),
    state,
    list,
  );
  await poll();
  const timer = window.setInterval(() => {
    if (document.visibilityState === 'visible') void poll();
  }, POLL_MS);
  return () => clearInterval(timer);
};

export default view;
