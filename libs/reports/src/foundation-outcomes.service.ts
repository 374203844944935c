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

  /**
   * One statement: the per-recipient values are computed once (each table read once, per-patient
   * values by GROUP BY instead of a correlated subquery per patient and timeline point) and feed both the
   * group rows and the timeline rows. At 100,000 patients this is what keeps the report interactive
   * (bench/README.md).
   */
  async compute(filters: FoundationFilters, now = new Date()): Promise<FoundationOutcomes> {
    const params = [
      filters.from,
      filters.to,
      OUTCOME_RULES.rateBaselineMin,
      OUTCOME_RULES.responseRatio,
      OUTCOME_RULES.remissionBelow,
    ];
    const [{ groups, timeline }] = await this.reports.query<{
      groups: GroupRow[];
      timeline: TimelineRow[] | null;
    }>(
      `${this.cohortSql(filters.groupBy)}
       SELECT coalesce((SELECT json_agg(g ORDER BY g.key NULLS LAST) FROM (
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
                  FROM per GROUP BY GROUPING SETS ((key), ())) g), '[]'::json) AS groups,
              (SELECT json_agg(t ORDER BY t.key NULLS LAST, t.week) FROM (
                SELECT per.key, v.week, avg(v.score)::float8 AS mean, count(v.score)::int AS n
                  FROM per CROSS JOIN LATERAL (VALUES ${TIMELINE_POINTS.map((p) => `(${p.week}, ${p.toleranceDays === null ? 'per.baseline' : `per.w${p.week}`})`).join(', ')}) v(week, score)
                 WHERE (v.week = 0 AND per.baseline IS NOT NULL) OR (v.week > 0 AND per.first_dose_at IS NOT NULL)
                 GROUP BY GROUPING SETS ((per.key, v.week), (v.week))) t) AS timeline`,
      params,
    );
    return this.build(filters, groups, timeline ?? [], now);
  }

  /**
   * Per scholarship recipient: group key, first dose, completed sessions, baseline (last PHQ-9 at or
   * before the first dose) and latest PHQ-9, the PHQ-9 closest to each timeline point inside its window
   * (w1, w2, …), item-9 flag.
   */
  private cohortSql(groupBy: GroupBy): string {
    const days = `date_part('epoch', a.administered_at - fd.first_dose_at) / 86400`;
    const points = TIMELINE_POINTS.filter((p) => p.toleranceDays !== null).map(
      (p) =>
        `(array_agg(a.total_score ORDER BY abs(${days} - ${p.week * 7}), a.administered_at)
            FILTER (WHERE abs(${days} - ${p.week * 7}) <= ${p.toleranceDays}))[1] AS w${p.week}`,
    );
    return `WITH p AS (
      SELECT p.id, p.clinic_id, p.primary_indication, p.birth_date, p.scholarship_awarded_on
        FROM patients p
       WHERE p.scholarship_program_code IS NOT NULL
         AND ($1::date IS NULL OR p.scholarship_awarded_on >= $1::date)
         AND ($2::date IS NULL OR p.scholarship_awarded_on <= $2::date)),
    fd AS (SELECT d.patient_id, min(d.administered_at) AS first_dose_at
             FROM doses d JOIN p ON p.id = d.patient_id GROUP BY d.patient_id),
    sc AS (SELECT s.patient_id, count(*)::int AS completed
             FROM dosing_sessions s JOIN p ON p.id = s.patient_id WHERE s.status = 'completed' GROUP BY s.patient_id),
    phq AS (
      SELECT a.patient_id,
             (array_agg(a.total_score ORDER BY a.administered_at DESC) FILTER (WHERE a.administered_at <= fd.first_dose_at))[1] AS baseline,
             (array_agg(a.total_score ORDER BY a.administered_at DESC) FILTER (WHERE a.administered_at > fd.first_dose_at))[1] AS latest,
             ${points.join(',\n             ')}
        FROM assessments a JOIN p ON p.id = a.patient_id LEFT JOIN fd ON fd.patient_id = a.patient_id
       WHERE a.instrument = 'PHQ9' GROUP BY a.patient_id),
    i9 AS (SELECT DISTINCT f.patient_id FROM flags f JOIN p ON p.id = f.patient_id WHERE f.code = 'PHQ9_ITEM9_POSITIVE'),
    per AS (
      SELECT p.id, fd.first_dose_at, ${KEY_SQL[groupBy]} AS key, coalesce(sc.completed, 0) AS sessions_completed,
             phq.baseline, phq.latest, ${TIMELINE_POINTS.filter((t) => t.toleranceDays !== null)
               .map((t) => `phq.w${t.week}`)
               .join(', ')},
             i9.patient_id IS NOT NULL AS item9
        FROM p JOIN clinics c ON c.id = p.clinic_id
        LEFT JOIN fd ON fd.patient_id = p.id LEFT JOIN sc ON sc.patient_id = p.id
        LEFT JOIN phq ON phq.patient_id = p.id LEFT JOIN i9 ON i9.patient_id = p.id)`;
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
