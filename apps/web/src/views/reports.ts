import { api, download, get } from '../api.js';
import { badge, busy, fmtDateTime, formError, h, humanize, replace } from '../dom.js';

export interface ReportJob {
  id: string;
  type: string;
  format: string;
  params?: Record<string, unknown>;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  error?: string | null;
  createdAt?: string;
  finishedAt?: string | null;
  byteSize?: number | null;
}

const POLL_MS = 2000;

/**
 * Report files of one type: request (202 + id), the list with each status (GET /reports, polled while
 * one is queued or running), download when it succeeded. Returns the card and a stop function.
 */
export function reportFiles(type: string, params: () => Record<string, unknown>, formats = ['csv', 'pdf']) {
  const list = h('ul', { class: 'rows reports', 'aria-live': 'polite' });
  const actions = h('div', { class: 'actions' }, formError());
  let jobs: ReportJob[] = [];

  const draw = () =>
    replace(
      list,
      jobs.length
        ? jobs.map((j) =>
            h(
              'li',
              { 'data-report-id': j.id },
              `${j.format.toUpperCase()} · requested ${fmtDateTime(j.createdAt)} · `,
              badge(
                j.status,
                j.status === 'succeeded' ? 'completed' : j.status === 'failed' ? 'critical' : 'open',
              ),
              j.status === 'succeeded'
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'secondary',
                      onclick: () =>
                        void download(`/reports/${j.id}/download`, `${type.toLowerCase()}.${j.format}`).catch(
                          (e) => alert((e as Error).message),
                        ),
                    },
                    `Download ${j.format.toUpperCase()}`,
                  )
                : null,
              j.status === 'failed' && j.error ? h('span', { class: 'sub' }, ` ${j.error}`) : null,
            ),
          )
        : h('li', { class: 'empty' }, 'No report requested yet.'),
    );

  const refresh = async () => {
    const all = await get<ReportJob[] | { items: ReportJob[] }>('/reports');
    jobs = (Array.isArray(all) ? all : all.items).filter((j) => j.type === type).slice(0, 10);
    draw();
  };

  for (const format of formats) {
    const btn = h('button', { type: 'button', class: 'secondary' }, `Request ${format.toUpperCase()}`);
    btn.addEventListener(
      'click',
      busy(btn, actions, async () => {
        const job = await api<ReportJob>(
          'POST',
          '/reports',
          { type, format, params: params() },
          { 'idempotency-key': crypto.randomUUID() },
        );
        jobs = [job, ...jobs.filter((j) => j.id !== job.id)];
        draw();
      }),
    );
    actions.append(btn);
  }

  const timer = window.setInterval(() => {
    if (jobs.some((j) => j.status === 'queued' || j.status === 'running')) refresh().catch(() => undefined);
  }, POLL_MS);
  refresh().catch((err) =>
    replace(list, h('li', { class: 'alert error', role: 'alert' }, (err as Error).message)),
  );

  const card = h(
    'section',
    { class: 'card', 'aria-labelledby': `h-reports-${type}` },
    h('h2', { id: `h-reports-${type}` }, `${humanize(type)} report files`),
    h('p', { class: 'sub' }, 'Built in the background with the filters above; the list updates by itself.'),
    actions,
    list,
  );
  return { card, stop: () => clearInterval(timer) };
}
