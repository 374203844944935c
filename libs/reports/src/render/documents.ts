import { TIMELINE_POINTS } from '@kap/clinical-rules';
import type { ClinicActivity, FlagDigest } from '../clinic-reports.service';
import type { FoundationOutcomes, OutcomeGroup } from '../foundation-outcomes.service';
import type { ReportDocument } from './report-document';

const pct = (v: number | null) => (v === null ? null : `${(v * 100).toFixed(1)} %`);
const rateCell = (r: OutcomeGroup['responseRate']) =>
  r.value === null ? null : `${pct(r.value)} [${pct(r.ciLow)}–${pct(r.ciHigh)}] n=${r.n}`;
const meanSd = (m: number | null, sd: number | null) =>
  m === null ? null : sd === null ? `${m}` : `${m} (${sd})`;

export function foundationDocument(data: FoundationOutcomes): ReportDocument {
  const rows = [...data.groups, data.total];
  const weeks = TIMELINE_POINTS.map((p) => p.week);
  const shown = [
    ...data.groups.filter((g) => g.timeline.some((t) => t.meanPhq9 !== null)).slice(0, 5),
    data.total,
  ];
  return {
    title: 'Foundation outcomes: scholarship recipients',
    subtitle: `Aggregate, de-identified. Generated ${data.generatedAt.slice(0, 10)}.`,
    facts: [
      ['Scholarships awarded', `${data.filters.from ?? 'any'} to ${data.filters.to ?? 'any'}`],
      ['Grouped by', data.filters.groupBy],
      [
        'Suppression',
        `counts 1–${data.suppressionThreshold - 1} and statistics of fewer than ${data.suppressionThreshold} patients are hidden (—)`,
      ],
    ],
    chart: {
      title: 'Mean PHQ-9 by week since first dose',
      kind: 'line',
      labels: weeks.map((w) => (w === 0 ? 'baseline' : `wk ${w}`)),
      series: shown.map((g) => ({ name: g.key, values: g.timeline.map((t) => t.meanPhq9) })),
      yLabel: 'PHQ-9 (0–27)',
    },
    tables: [
      {
        title: 'Outcomes by group',
        columns: [
          'Group',
          'Enrolled',
          'Treated',
          'Sessions',
          'Sessions / treated',
          'Baseline PHQ-9 mean (SD)',
          'Latest PHQ-9 mean (SD)',
          'Mean change',
          'Response [95 % CI]',
          'Remission [95 % CI]',
          'Item-9 flagged',
        ],
        rows: rows.map((g) => [
          g.key,
          g.patientsEnrolled,
          g.patientsTreated,
          g.sessionsCompleted,
          g.meanSessionsPerPatient,
          meanSd(g.phq9.baselineMean, g.phq9.baselineSd),
          meanSd(g.phq9.latestMean, g.phq9.latestSd),
          g.phq9.meanChange,
          rateCell(g.responseRate),
          rateCell(g.remissionRate),
          pct(g.item9FlaggedShare),
        ]),
      },
      {
        title: 'Mean PHQ-9 by week since first dose (n)',
        columns: ['Group', ...weeks.map((w) => (w === 0 ? 'Baseline' : `Week ${w}`))],
        rows: rows.map((g) => [
          g.key,
          ...g.timeline.map((t) => (t.meanPhq9 === null ? null : `${t.meanPhq9} (${t.n})`)),
        ]),
      },
    ],
    notes: [
      'Response: latest PHQ-9 at most half the baseline; remission: latest below 5; rates over patients with baseline ≥ 10 and a follow-up (CLINICAL-RULES.md §1). Wilson 95 % intervals.',
      'Timeline: per patient and week, the PHQ-9 closest to the week inside its window (±3 days at weeks 1–2, ±7 at 4–8, ±14 at 12, ±30 at 26). HIPAA Safe Harbor: no names, ids, dates finer than the year or postal codes; ages 90+ banded.',
    ],
  };
}

export function flagDigestDocument(d: FlagDigest): ReportDocument {
  return {
    title: `Flag digest: ${d.clinic.name}`,
    subtitle:
      d.period.from === d.period.to
        ? `Flags raised on ${d.period.from} (UTC)`
        : `Flags raised ${d.period.from} to ${d.period.to} (UTC)`,
    facts: [
      ['Raised', String(d.totals.raised)],
      ['Acknowledged', String(d.totals.acknowledged)],
      ['Resolved', String(d.totals.resolved)],
      ['Still open (of these)', String(d.totals.stillOpen)],
      ['Open or acknowledged now (all periods)', String(d.openFlags.length)],
      [
        'Minutes to acknowledge',
        d.minutesToAcknowledge.n
          ? `median ${d.minutesToAcknowledge.median}, mean ${d.minutesToAcknowledge.mean}, longest ${d.minutesToAcknowledge.max} (n=${d.minutesToAcknowledge.n})`
          : 'none acknowledged',
      ],
    ],
    chart: {
      title: 'Flags raised by severity',
      kind: 'bar',
      labels: d.bySeverity.map((s) => s.severity),
      series: [
        { name: 'raised', values: d.bySeverity.map((s) => s.raised) },
        { name: 'still open', values: d.bySeverity.map((s) => s.stillOpen) },
      ],
      yLabel: 'flags',
    },
    tables: [
      {
        title: 'By rule',
        columns: [
          'Code',
          'Severity',
          'Raised',
          'Acknowledged',
          'Resolved',
          'Still open',
          'Median minutes to acknowledge',
        ],
        rows: d.byCode.map((c) => [
          c.code,
          c.severity,
          c.raised,
          c.acknowledged,
          c.resolved,
          c.stillOpen,
          c.medianMinutesToAcknowledge,
        ]),
      },
      {
        title: 'Flags not yet resolved (review queue)',
        columns: ['Flag id', 'Code', 'Severity', 'Status', 'Raised (UTC)', 'Session id'],
        rows: d.openFlags.map((f) => [f.id, f.code, f.severity, f.status, f.raisedAt, f.sessionId]),
      },
    ],
    notes: ['Open the flags in the platform to review them; this digest carries ids only.'],
  };
}

export function clinicActivityDocument(a: ClinicActivity): ReportDocument {
  return {
    title: `Clinic activity: ${a.clinic.name}`,
    subtitle: `Sessions scheduled ${a.period.from} to ${a.period.to} (UTC)`,
    facts: [
      [
        'Sessions',
        `${a.sessions.total} (completed ${a.sessions.completed}, aborted ${a.sessions.aborted}, cancelled ${a.sessions.cancelled}, scheduled ${a.sessions.scheduled}, in progress ${a.sessions.inProgress})`,
      ],
      ['Doses given', `${a.doses.count} to ${a.doses.patients} patients`],
      ['Patients treated', String(a.patientsTreated)],
      ['Completion rate', pct(a.completionRate) ?? 'no finished sessions'],
      ['Abort rate', pct(a.abortRate) ?? 'no finished sessions'],
    ],
    chart: {
      title: 'Sessions by week',
      kind: 'bar',
      labels: a.byWeek.map((w) => w.weekStart.slice(5)),
      series: [
        { name: 'completed', values: a.byWeek.map((w) => w.completed) },
        { name: 'aborted', values: a.byWeek.map((w) => w.aborted) },
        { name: 'cancelled', values: a.byWeek.map((w) => w.cancelled) },
      ],
      yLabel: 'sessions',
    },
    tables: [
      {
        title: 'By week (Monday)',
        columns: ['Week of', 'Completed', 'Aborted', 'Cancelled', 'Doses'],
        rows: a.byWeek.map((w) => [w.weekStart, w.completed, w.aborted, w.cancelled, w.doses]),
      },
    ],
    notes: [
      'Completion rate: completed / (completed + aborted), i.e. of the sessions in which dosing began.',
    ],
  };
}
