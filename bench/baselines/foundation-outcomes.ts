import { ageBandSql, OUTCOME_RULES, TIMELINE_POINTS } from '@kap/clinical-rules';
import type { Pool } from 'pg';

/**
 * The foundation outcomes report (SPEC §3) written by hand as set-based SQL: each table is read once
 * (doses, sessions, PHQ-9s, flags of the scholarship recipients), per-patient values come from
 * DISTINCT ON and GROUP BY instead of a correlated subquery per patient. It computes the same numbers
 * as GET /reports/foundation-outcomes before suppression (the API's suppression is arithmetic over
 * these rows, done in a few microseconds).
 */
export type GroupBy = 'clinic' | 'indication' | 'cohort' | 'age_band' | 'none';

const KEY: Record<GroupBy, string> = {
  clinic: `c.name`,
  indication: `rx.primary_indication`,
  cohort: `CASE WHEN fd.first_dose_at IS NULL THEN 'not dosed'
                ELSE to_char(fd.first_dose_at AT TIME ZONE 'UTC', 'YYYY') || '-Q' || extract(quarter FROM fd.first_dose_at AT TIME ZONE 'UTC') END`,
  age_band: ageBandSql(
    `date_part('year', age(coalesce((fd.first_dose_at AT TIME ZONE 'UTC')::date, rx.scholarship_awarded_on), rx.birth_date))::int`,
  ),
  none: `'all'`,
};

function perPatient(groupBy: GroupBy): string {
  return `WITH rx AS (
      SELECT p.id, p.clinic_id, p.primary_indication, p.birth_date, p.scholarship_awarded_on
        FROM patients p
       WHERE p.scholarship_program_code IS NOT NULL
         AND ($1::date IS NULL OR p.scholarship_awarded_on >= $1::date)
         AND ($2::date IS NULL OR p.scholarship_awarded_on <= $2::date)),
    fd AS (SELECT d.patient_id, min(d.administered_at) AS first_dose_at
             FROM doses d JOIN rx ON rx.id = d.patient_id GROUP BY d.patient_id),
    sc AS (SELECT s.patient_id, count(*)::int AS completed
             FROM dosing_sessions s JOIN rx ON rx.id = s.patient_id WHERE s.status = 'completed' GROUP BY s.patient_id),
    phq AS (SELECT a.patient_id, a.total_score, a.administered_at, fd.first_dose_at
              FROM assessments a JOIN rx ON rx.id = a.patient_id LEFT JOIN fd ON fd.patient_id = a.patient_id
             WHERE a.instrument = 'PHQ9'),
    bl AS (SELECT DISTINCT ON (patient_id) patient_id, total_score FROM phq
            WHERE administered_at <= first_dose_at ORDER BY patient_id, administered_at DESC),
    lt AS (SELECT DISTINCT ON (patient_id) patient_id, total_score FROM phq
            WHERE administered_at > first_dose_at ORDER BY patient_id, administered_at DESC),
    i9 AS (SELECT DISTINCT f.patient_id FROM flags f JOIN rx ON rx.id = f.patient_id WHERE f.code = 'PHQ9_ITEM9_POSITIVE'),
    per AS (
      SELECT rx.id, fd.first_dose_at, ${KEY[groupBy]} AS key, coalesce(sc.completed, 0) AS sessions_completed,
             bl.total_score AS baseline, lt.total_score AS latest, i9.patient_id IS NOT NULL AS item9
        FROM rx JOIN clinics c ON c.id = rx.clinic_id
        LEFT JOIN fd ON fd.patient_id = rx.id LEFT JOIN sc ON sc.patient_id = rx.id
        LEFT JOIN bl ON bl.patient_id = rx.id LEFT JOIN lt ON lt.patient_id = rx.id
        LEFT JOIN i9 ON i9.patient_id = rx.id)`;
}

export function groupsSql(groupBy: GroupBy): string {
  return `${perPatient(groupBy)}
    SELECT key,
           count(*)::int AS enrolled,
           count(*) FILTER (WHERE sessions_completed > 0)::int AS treated,
           coalesce(sum(sessions_completed), 0)::int AS sessions,
           count(baseline)::int AS baseline_n, avg(baseline)::float8 AS baseline_mean, stddev_samp(baseline)::float8 AS baseline_sd,
           count(latest)::int AS latest_n, avg(latest)::float8 AS latest_mean, stddev_samp(latest)::float8 AS latest_sd,
           count(latest - baseline)::int AS change_n, avg(latest - baseline)::float8 AS change_mean,
           count(*) FILTER (WHERE baseline >= $3 AND latest IS NOT NULL)::int AS rate_n,
           count(*) FILTER (WHERE baseline >= $3 AND latest IS NOT NULL AND latest <= baseline * $4::float8)::int AS responders,
           count(*) FILTER (WHERE baseline >= $3 AND latest IS NOT NULL AND latest < $5)::int AS remitters,
           count(*) FILTER (WHERE item9)::int AS item9
      FROM per GROUP BY GROUPING SETS ((key), ()) ORDER BY key NULLS LAST`;
}

const POINTS = TIMELINE_POINTS.filter((p) => p.toleranceDays !== null)
  .map((p) => `(${p.week}, ${p.toleranceDays})`)
  .join(', ');

export function timelineSql(groupBy: GroupBy): string {
  return `${perPatient(groupBy)},
    points(week, tolerance) AS (VALUES ${POINTS}),
    near AS (
      SELECT DISTINCT ON (phq.patient_id, pt.week) phq.patient_id, pt.week, phq.total_score
        FROM phq JOIN points pt
          ON abs(extract(epoch FROM phq.administered_at - phq.first_dose_at) / 86400 - pt.week * 7) <= pt.tolerance
       ORDER BY phq.patient_id, pt.week,
                abs(extract(epoch FROM phq.administered_at - phq.first_dose_at) / 86400 - pt.week * 7), phq.administered_at),
    scores AS (
      SELECT per.key, 0 AS week, per.baseline AS score FROM per WHERE per.baseline IS NOT NULL
      UNION ALL
      SELECT per.key, pt.week, near.total_score
        FROM per CROSS JOIN points pt LEFT JOIN near ON near.patient_id = per.id AND near.week = pt.week
       WHERE per.first_dose_at IS NOT NULL)
    SELECT key, week, avg(score)::float8 AS mean, count(score)::int AS n
      FROM scores GROUP BY GROUPING SETS ((key, week), (week)) ORDER BY key NULLS LAST, week`;
}

export interface BaselineGroupRow {
  key: string | null;
  enrolled: number;
  treated: number;
  sessions: number;
  baseline_mean: number | null;
  latest_mean: number | null;
  rate_n: number;
  responders: number;
}

/** Both statements, as the API runs them: each in a read-only transaction with the same settings. */
export async function foundationBaseline(
  pool: Pool,
  groupBy: GroupBy,
  from: string | null = null,
  to: string | null = null,
): Promise<{
  groups: BaselineGroupRow[];
  timeline: { key: string | null; week: number; mean: number | null; n: number }[];
}> {
  const client = await pool.connect();
  try {
    const run = async <T>(sql: string, params: unknown[]): Promise<T[]> => {
      await client.query('START TRANSACTION');
      await client.query('SET TRANSACTION READ ONLY');
      await client.query(`SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`);
      const { rows } = await client.query(sql, params);
      await client.query('COMMIT');
      return rows as T[];
    };
    const params = [
      from,
      to,
      OUTCOME_RULES.rateBaselineMin,
      OUTCOME_RULES.responseRatio,
      OUTCOME_RULES.remissionBelow,
    ];
    const groups = await run<BaselineGroupRow>(groupsSql(groupBy), params);
    const timeline = await run<{ key: string | null; week: number; mean: number | null; n: number }>(
      timelineSql(groupBy),
      [from, to],
    );
    return { groups, timeline };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
