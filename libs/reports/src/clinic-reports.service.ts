import { Injectable } from '@nestjs/common';
import { ReportsDataSource } from './reports-data-source';

export interface Period {
  clinicId: string;
  /** Inclusive calendar dates (UTC). */
  from: string;
  to: string;
}

export interface FlagDigest {
  clinic: { id: string; name: string };
  period: { from: string; to: string };
  totals: { raised: number; acknowledged: number; resolved: number; stillOpen: number; openNow: number };
  minutesToAcknowledge: { mean: number | null; median: number | null; max: number | null; n: number };
  bySeverity: { severity: string; raised: number; stillOpen: number }[];
  byCode: {
    code: string;
    severity: string;
    raised: number;
    acknowledged: number;
    resolved: number;
    stillOpen: number;
    medianMinutesToAcknowledge: number | null;
  }[];
  openFlags: {
    id: string;
    code: string;
    severity: string;
    status: string;
    raisedAt: string;
    sessionId: string | null;
  }[];
}

export interface ClinicActivity {
  clinic: { id: string; name: string };
  period: { from: string; to: string };
  sessions: {
    scheduled: number;
    inProgress: number;
    completed: number;
    cancelled: number;
    aborted: number;
    total: number;
  };
  doses: { count: number; patients: number };
  patientsTreated: number;
  completionRate: number | null;
  abortRate: number | null;
  byWeek: { weekStart: string; completed: number; aborted: number; cancelled: number; doses: number }[];
}

const SEVERITIES = ['critical', 'warning', 'info'];
const round = (v: number | null, d = 1) => (v === null ? null : Number(Number(v).toFixed(d)));

/** The supervisor's clinic reports, aggregated in SQL on the reports connection. Periods are [from, to] in UTC days. */
@Injectable()
export class ClinicReportsService {
  constructor(private readonly reports: ReportsDataSource) {}

  private async clinic(id: string) {
    const [c] = await this.reports.query<{ id: string; name: string }>(
      `SELECT id, name FROM clinics WHERE id = $1`,
      [id],
    );
    return c ?? { id, name: 'unknown clinic' };
  }

  async flagDigest(p: Period): Promise<FlagDigest> {
    const range = `f.clinic_id = $1 AND f.raised_at >= $2::date AND f.raised_at < $3::date + 1`;
    const params = [p.clinicId, p.from, p.to];
    const [totals] = await this.reports.query<
      FlagDigest['totals'] & { mean: number | null; median: number | null; max: number | null; n: number }
    >(
      `SELECT count(*) FILTER (WHERE ${range})::int AS raised,
              count(*) FILTER (WHERE ${range} AND f.acknowledged_at IS NOT NULL)::int AS acknowledged,
              count(*) FILTER (WHERE ${range} AND f.resolved_at IS NOT NULL)::int AS resolved,
              count(*) FILTER (WHERE ${range} AND f.status = 'open')::int AS "stillOpen",
              count(*) FILTER (WHERE f.clinic_id = $1 AND f.status = 'open')::int AS "openNow",
              avg(extract(epoch FROM f.acknowledged_at - f.raised_at) / 60) FILTER (WHERE ${range})::float8 AS mean,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.acknowledged_at - f.raised_at) / 60)
                FILTER (WHERE ${range})::float8 AS median,
              max(extract(epoch FROM f.acknowledged_at - f.raised_at) / 60) FILTER (WHERE ${range})::float8 AS max,
              count(f.acknowledged_at) FILTER (WHERE ${range})::int AS n
         FROM flags f WHERE f.clinic_id = $1`,
      params,
    );
    const byCode = await this.reports.query<FlagDigest['byCode'][number]>(
      `SELECT f.code, max(f.severity) AS severity, count(*)::int AS raised,
              count(f.acknowledged_at)::int AS acknowledged, count(f.resolved_at)::int AS resolved,
              count(*) FILTER (WHERE f.status = 'open')::int AS "stillOpen",
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.acknowledged_at - f.raised_at) / 60))::numeric, 1)::float8
                AS "medianMinutesToAcknowledge"
         FROM flags f WHERE ${range} GROUP BY f.code ORDER BY count(*) DESC, f.code`,
      params,
    );
    const bySeverity = await this.reports.query<FlagDigest['bySeverity'][number]>(
      `SELECT s.severity, count(f.id)::int AS raised, count(f.id) FILTER (WHERE f.status = 'open')::int AS "stillOpen"
         FROM unnest($4::text[]) WITH ORDINALITY AS s(severity, ord)
         LEFT JOIN flags f ON f.severity = s.severity AND ${range}
        GROUP BY s.severity, s.ord ORDER BY s.ord`,
      [...params, SEVERITIES],
    );
    const openFlags = await this.reports.query<FlagDigest['openFlags'][number]>(
      `SELECT f.id, f.code, f.severity, f.status, to_char(f.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "raisedAt",
              f.session_id AS "sessionId"
         FROM flags f WHERE f.clinic_id = $1 AND f.status <> 'resolved'
        ORDER BY array_position($2::text[], f.severity), f.raised_at LIMIT 200`,
      [p.clinicId, SEVERITIES],
    );
    return {
      clinic: await this.clinic(p.clinicId),
      period: { from: p.from, to: p.to },
      totals: {
        raised: totals.raised,
        acknowledged: totals.acknowledged,
        resolved: totals.resolved,
        stillOpen: totals.stillOpen,
        openNow: totals.openNow,
      },
      minutesToAcknowledge: {
        mean: round(totals.mean),
        median: round(totals.median),
        max: round(totals.max),
        n: totals.n,
      },
      bySeverity,
      byCode,
      openFlags,
    };
  }

  async clinicActivity(p: Period): Promise<ClinicActivity> {
    const params = [p.clinicId, p.from, p.to];
    const inPeriod = `s.clinic_id = $1 AND s.scheduled_at >= $2::date AND s.scheduled_at < $3::date + 1`;
    const [s] = await this.reports.query<ClinicActivity['sessions'] & { patients_treated: number }>(
      `SELECT count(*) FILTER (WHERE s.status = 'scheduled')::int AS scheduled,
              count(*) FILTER (WHERE s.status = 'in_progress')::int AS "inProgress",
              count(*) FILTER (WHERE s.status = 'completed')::int AS completed,
              count(*) FILTER (WHERE s.status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE s.status = 'aborted')::int AS aborted,
              count(*)::int AS total,
              count(DISTINCT s.patient_id) FILTER (WHERE s.status = 'completed')::int AS patients_treated
         FROM dosing_sessions s WHERE ${inPeriod}`,
      params,
    );
    const [d] = await this.reports.query<{ count: number; patients: number }>(
      `SELECT count(*)::int AS count, count(DISTINCT s.patient_id)::int AS patients
         FROM doses d JOIN dosing_sessions s ON s.id = d.session_id
        WHERE s.clinic_id = $1 AND d.administered_at >= $2::date AND d.administered_at < $3::date + 1`,
      params,
    );
    const byWeek = await this.reports.query<ClinicActivity['byWeek'][number]>(
      `WITH weeks AS (
         SELECT generate_series(date_trunc('week', $2::date), date_trunc('week', $3::date), interval '1 week') AS week
       )
       SELECT to_char(w.week, 'YYYY-MM-DD') AS "weekStart",
              (SELECT count(*) FROM dosing_sessions s WHERE ${inPeriod} AND s.status = 'completed'
                  AND date_trunc('week', s.scheduled_at AT TIME ZONE 'UTC') = w.week)::int AS completed,
              (SELECT count(*) FROM dosing_sessions s WHERE ${inPeriod} AND s.status = 'aborted'
                  AND date_trunc('week', s.scheduled_at AT TIME ZONE 'UTC') = w.week)::int AS aborted,
              (SELECT count(*) FROM dosing_sessions s WHERE ${inPeriod} AND s.status = 'cancelled'
                  AND date_trunc('week', s.scheduled_at AT TIME ZONE 'UTC') = w.week)::int AS cancelled,
              (SELECT count(*) FROM doses d JOIN dosing_sessions s ON s.id = d.session_id
                WHERE s.clinic_id = $1 AND d.administered_at >= $2::date AND d.administered_at < $3::date + 1
                  AND date_trunc('week', d.administered_at AT TIME ZONE 'UTC') = w.week)::int AS doses
         FROM weeks w ORDER BY w.week`,
      params,
    );
    const finished = s.completed + s.aborted;
    return {
      clinic: await this.clinic(p.clinicId),
      period: { from: p.from, to: p.to },
      sessions: {
        scheduled: s.scheduled,
        inProgress: s.inProgress,
        completed: s.completed,
        cancelled: s.cancelled,
        aborted: s.aborted,
        total: s.total,
      },
      doses: d,
      patientsTreated: s.patients_treated,
      completionRate: finished ? round(s.completed / finished, 4) : null,
      abortRate: finished ? round(s.aborted / finished, 4) : null,
      byWeek,
    };
  }
}
