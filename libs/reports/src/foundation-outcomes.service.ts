import { Injectable } from '@nestjs/common';
import {
  ageBandSql,
  OUTCOME_RULES,
  SUPPRESSION_THRESHOLD,
  suppressDimension,
  isSmallCell,
  TIMELINE_POINTS,
  wilsonInterval,
} from '@kap/clinical-rules';
import { ReportsDataSource } from './reports-data-source';

export const GROUP_BYS = ['clinic', 'indication', 'cohort', 'age_band', 'none'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface FoundationFilters {
  from: string | null;
  to: string | null;
  groupBy: GroupBy;
}

export interface RateDto {
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number | null;
}

export interface OutcomeGroup {
  key: string;
  suppressed: boolean;
  patientsEnrolled: number | null;
  patientsTreated: number | null;
  sessionsCompleted: number | null;
  meanSessionsPerPatient: number | null;
  phq9: {
    baselineMean: number | null;
    baselineSd: number | null;
    latestMean: number | null;
    latestSd: number | null;
    meanChange: number | null;
  };
  responseRate: RateDto;
  remissionRate: RateDto;
  item9FlaggedShare: number | null;
  timeline: { week: number; meanPhq9: number | null; n: number | null }[];
}

export interface FoundationOutcomes {
  generatedAt: string;
  filters: FoundationFilters;
  suppressionThreshold: number;
  groups: OutcomeGroup[];
  total: OutcomeGroup;
}

/** One row per group (and one total row, key NULL) straight from SQL. */
interface GroupRow {
  key: string | null;
  enrolled: number;
  treated: number;
  sessions: number;
  baseline_n: number;
  baseline_mean: number | null;
  baseline_sd: number | null;
  latest_n: number;
  latest_mean: number | null;
  latest_sd: number | null;
  change_n: number;
  change_mean: number | null;
  rate_n: number;
  responders: number;
  remitters: number;
  item9: number;
}

interface TimelineRow {
  key: string | null;
  week: number;
  mean: number | null;
  n: number;
}

/**
 * Group keys. None of them identifies a person: clinic names, indication codes, the quarter of the
 * first dose as a cohort label (SPEC §3; an aggregate label, never a date of a person), age bands with 90+.
 */
const KEY_SQL: Record<GroupBy, string> = {
  clinic: `c.name`,
  indication: `p.primary_indication`,
  cohort: `CASE WHEN fd.first_dose_at IS NULL THEN 'not dosed'
                ELSE to_char(fd.first_dose_at AT TIME ZONE 'UTC', 'YYYY') || '-Q' || extract(quarter FROM fd.first_dose_at AT TIME ZONE 'UTC') END`,
  age_band: ageBandSql(
    `date_part('year', age(coalesce((fd.first_dose_at AT TIME ZONE 'UTC')::date, p.scholarship_awarded_on), p.birth_date))::int`,
  ),
  none: `'all'`,
};

const round = (v: number | string | null, digits: number): number | null =>
  v === null || v === undefined ? null : Number(Number(v).toFixed(digits));

/**
 * The foundation's outcome report (SPEC §3, §6; CLINICAL-RULES.md §1, §8), computed in SQL over
 * scholarship recipients only, on the reports connection. Recipients are those whose scholarship was
 * awarded within [from, to]; all their sessions and assessments count.
 */
@Injectable()
export class FoundationOutcomesService {
  constructor(private readonly reports: ReportsDataSource) {}

  async compute(filters: FoundationFilters, now = new Date()): Promise<FoundationOutcomes> {
    const params = [
      filters.from,
      filters.to,
      OUTCOME_RULES.rateBaselineMin,
      OUTCOME_RULES.responseRatio,
      OUTCOME_RULES.remissionBelow,
    ];
    const base = this.cohortSql(filters.groupBy);
    const groups = await this.reports.query<GroupRow>(
      `${base}
       SELECT key,
              count(*)::int AS enrolled,
              count(*) FILTER (WHERE sessions_completed > 0)::int AS treated,
              coalesce(sum(sessions_completed), 0)::int AS sessions,
              count(baseline)::int AS baseline_n, avg(baseline)::float8 AS baseline_mean, stddev_samp(baseline)::float8 AS baseline_sd,
              count(latest)::int AS latest_n, avg(latest)::float8 AS latest_mean, stddev_samp(latest)::float8 AS latest_sd,
              count(latest - baseline)::int AS change_n, avg(latest - baseline)::float8 AS change_mean,
              count(*) FILTER (WHERE baseline >= $3 AND latest IS NOT NULL)::int AS rate_n,
              count(*) FILTER (WHERE baseline >= $3 AND latest IS NOT NULL AND latest <= baseline * $4::float8)::int AS responders,
              count(*) FILTER (WHERE baseline >= $3 AND latest IS NOT NULL AND latest < $5::float8)::int AS remitters,
              count(*) FILTER (WHERE item9)::int AS item9
         FROM per GROUP BY GROUPING SETS ((key), ()) ORDER BY key NULLS LAST`,
      params,
    );
    const points = TIMELINE_POINTS.filter((p) => p.toleranceDays !== null);
    const timeline = await this.reports.query<TimelineRow>(
      `${base}, points(week, tolerance) AS (VALUES ${points.map((p) => `(${p.week}, ${p.toleranceDays})`).join(', ')}),
       scores AS (
         SELECT per.key, 0 AS week, per.baseline AS score FROM per WHERE per.baseline IS NOT NULL
         UNION ALL
         SELECT per.key, pt.week, (
                  SELECT a.total_score FROM assessments a
                   WHERE a.patient_id = per.id AND a.instrument = 'PHQ9'
                     AND abs(extract(epoch FROM a.administered_at - per.first_dose_at) / 86400 - pt.week * 7) <= pt.tolerance
                   ORDER BY abs(extract(epoch FROM a.administered_at - per.first_dose_at) / 86400 - pt.week * 7), a.administered_at
                   LIMIT 1) AS score
           FROM per CROSS JOIN points pt WHERE per.first_dose_at IS NOT NULL
       )
       SELECT key, week, avg(score)::float8 AS mean, count(score)::int AS n
         FROM scores
        GROUP BY GROUPING SETS ((key, week), (week)) ORDER BY key NULLS LAST, week`,
      params.slice(0, 2),
    );
    return this.build(filters, groups, timeline, now);
  }

  /** Per scholarship recipient: group key, first dose, sessions, baseline and latest PHQ-9, item-9 flag. */
  private cohortSql(groupBy: GroupBy): string {
    return `WITH per AS (
      SELECT p.id, fd.first_dose_at, ${KEY_SQL[groupBy]} AS key,
             (SELECT count(*) FROM dosing_sessions s WHERE s.patient_id = p.id AND s.status = 'completed')::int AS sessions_completed,
             (SELECT a.total_score FROM assessments a WHERE a.patient_id = p.id AND a.instrument = 'PHQ9'
                 AND a.administered_at <= fd.first_dose_at ORDER BY a.administered_at DESC LIMIT 1) AS baseline,
             (SELECT a.total_score FROM assessments a WHERE a.patient_id = p.id AND a.instrument = 'PHQ9'
                 AND a.administered_at > fd.first_dose_at ORDER BY a.administered_at DESC LIMIT 1) AS latest,
             EXISTS (SELECT 1 FROM flags f WHERE f.patient_id = p.id AND f.code = 'PHQ9_ITEM9_POSITIVE') AS item9
        FROM patients p
        JOIN clinics c ON c.id = p.clinic_id
        LEFT JOIN LATERAL (SELECT min(d.administered_at) AS first_dose_at FROM doses d WHERE d.patient_id = p.id) fd ON true
       WHERE p.scholarship_program_code IS NOT NULL
         AND ($1::date IS NULL OR p.scholarship_awarded_on >= $1::date)
         AND ($2::date IS NULL OR p.scholarship_awarded_on <= $2::date)
    )`;
  }

  /** Applies the suppression rules of CLINICAL-RULES.md §8 to the SQL rows. */
  build(
    filters: FoundationFilters,
    rows: GroupRow[],
    timeline: TimelineRow[],
    now: Date,
  ): FoundationOutcomes {
    const groupRows = rows.filter((r) => r.key !== null);
    const totalRow = rows.find((r) => r.key === null) ?? emptyRow();
    const weeks = TIMELINE_POINTS.map((p) => p.week);
    const tl = (key: string | null) =>
      weeks.map(
        (week) => timeline.find((t) => t.key === key && t.week === week) ?? { key, week, mean: null, n: 0 },
      );

    // Whole groups under 11 patients, and the complement when only one group is hidden.
    const groupHidden = suppressDimension(groupRows.map((r) => r.enrolled));
    const hide = (values: number[]) => suppressDimension(values, groupHidden);
    const treatedHidden = hide(groupRows.map((r) => r.treated));
    const sessionsHidden = hide(groupRows.map((r) => r.sessions));
    const rateHidden = hide(groupRows.map((r) => r.rate_n));
    const item9Hidden = hide(groupRows.map((r) => r.item9));
    const weekHidden = weeks.map((_, w) => hide(groupRows.map((r) => tl(r.key)[w].n)));

    const groups = groupRows.map((r, i) =>
      toGroup({ ...r, key: String(r.key) }, tl(r.key), {
        group: groupHidden[i],
        treated: treatedHidden[i],
        sessions: sessionsHidden[i],
        rate: rateHidden[i],
        item9: item9Hidden[i],
        weeks: weekHidden.map((h) => h[i]),
      }),
    );
    const totalTl = tl(null);
    const total = toGroup({ ...totalRow, key: 'total' }, totalTl, {
      group: isSmallCell(totalRow.enrolled),
      treated: isSmallCell(totalRow.treated),
      sessions: isSmallCell(totalRow.sessions),
      rate: isSmallCell(totalRow.rate_n),
      item9: isSmallCell(totalRow.item9),
      weeks: totalTl.map((t) => isSmallCell(t.n)),
    });
    return {
      generatedAt: now.toISOString(),
      filters,
      suppressionThreshold: SUPPRESSION_THRESHOLD,
      groups,
      total,
    };
  }
}

function emptyRow(): GroupRow {
  return {
    key: null,
    enrolled: 0,
    treated: 0,
    sessions: 0,
    baseline_n: 0,
    baseline_mean: null,
    baseline_sd: null,
    latest_n: 0,
    latest_mean: null,
    latest_sd: null,
    change_n: 0,
    change_mean: null,
    rate_n: 0,
    responders: 0,
    remitters: 0,
    item9: 0,
  };
}

interface Hidden {
  group: boolean;
  treated: boolean;
  sessions: boolean;
  rate: boolean;
  item9: boolean;
  weeks: boolean[];
}

function toGroup(r: GroupRow & { key: string }, timeline: TimelineRow[], h: Hidden): OutcomeGroup {
  if (h.group) {
    return {
      key: r.key,
      suppressed: true,
      patientsEnrolled: null,
      patientsTreated: null,
      sessionsCompleted: null,
      meanSessionsPerPatient: null,
      phq9: { baselineMean: null, baselineSd: null, latestMean: null, latestSd: null, meanChange: null },
      responseRate: { value: null, ciLow: null, ciHigh: null, n: null },
      remissionRate: { value: null, ciLow: null, ciHigh: null, n: null },
      item9FlaggedShare: null,
      timeline: timeline.map((t) => ({ week: t.week, meanPhq9: null, n: null })),
    };
  }
  let suppressed = h.treated || h.sessions || h.rate || h.item9 || h.weeks.some(Boolean);
  /** A mean or SD over 1 to 10 patients is a statistic of a small cell: hidden too. */
  const stat = (value: number | null, n: number) => {
    if (isSmallCell(n)) suppressed = true;
    return n >= SUPPRESSION_THRESHOLD ? round(value, 2) : null;
  };
  const rate = (successes: number, n: number): RateDto => {
    if (h.rate) return { value: null, ciLow: null, ciHigh: null, n: null };
    if (isSmallCell(n)) suppressed = true;
    if (n < SUPPRESSION_THRESHOLD)
      return { value: null, ciLow: null, ciHigh: null, n: isSmallCell(n) ? null : n };
    const ci = wilsonInterval(successes, n)!;
    return { value: round(successes / n, 4), ciLow: round(ci.low, 4), ciHigh: round(ci.high, 4), n };
  };
  const meanSessions =
    h.treated || h.sessions ? null : stat(r.treated ? r.sessions / r.treated : null, r.treated);
  const group: OutcomeGroup = {
    key: r.key,
    suppressed: false,
    patientsEnrolled: r.enrolled,
    patientsTreated: h.treated ? null : r.treated,
    sessionsCompleted: h.sessions ? null : r.sessions,
    meanSessionsPerPatient: meanSessions,
    phq9: {
      baselineMean: stat(r.baseline_mean, r.baseline_n),
      baselineSd: stat(r.baseline_sd, r.baseline_n),
      latestMean: stat(r.latest_mean, r.latest_n),
      latestSd: stat(r.latest_sd, r.latest_n),
      meanChange: stat(r.change_mean, r.change_n),
    },
    responseRate: rate(r.responders, r.rate_n),
    remissionRate: rate(r.remitters, r.rate_n),
    item9FlaggedShare: h.item9 || !r.enrolled ? null : round(r.item9 / r.enrolled, 4),
    timeline: timeline.map((t, w) => ({
      week: t.week,
      meanPhq9: h.weeks[w] ? null : stat(t.mean, t.n),
      n: h.weeks[w] ? null : t.n,
    })),
  };
  return { ...group, suppressed };
}
