import { Injectable } from '@nestjs/common';
import { derivePhq9Outcome } from '@kap/clinical-rules';
import { DataSource } from 'typeorm';
import type { OutcomesDto } from './http/outcome.dto';

interface OutcomeRow {
  first_dose_at: Date | null;
  baseline_score: number | null;
  baseline_at: Date | null;
  latest_score: number | null;
  latest_at: Date | null;
}

/**
 * One patient's PHQ-9 outcome (CLINICAL-RULES.md §1). The data comes from one SQL statement: first
 * dose = the earliest dose given; baseline = the last PHQ-9 at or before it; follow-up = the last
 * after it (ties in time: the later recorded, then the id, as `comparePhq9`). The derived values
 * come from the pure definitions in @kap/clinical-rules.
 */
@Injectable()
export class OutcomesService {
  constructor(private readonly dataSource: DataSource) {}

  async forPatient(clinicId: string, patientId: string, now = new Date()): Promise<OutcomesDto> {
    const [row]: OutcomeRow[] = await this.dataSource.query(
      `WITH fd AS (
         SELECT min(d.administered_at) AS first_dose_at FROM doses d WHERE d.clinic_id = $1 AND d.patient_id = $2
       )
       SELECT fd.first_dose_at, b.total_score AS baseline_score, b.administered_at AS baseline_at,
              l.total_score AS latest_score, l.administered_at AS latest_at
         FROM fd
         LEFT JOIN LATERAL (
           SELECT a.total_score, a.administered_at FROM assessments a
            WHERE a.clinic_id = $1 AND a.patient_id = $2 AND a.instrument = 'PHQ9' AND a.administered_at <= fd.first_dose_at
            ORDER BY a.administered_at DESC, a.created_at DESC, a.id DESC LIMIT 1) b ON true
         LEFT JOIN LATERAL (
           SELECT a.total_score, a.administered_at FROM assessments a
            WHERE a.clinic_id = $1 AND a.patient_id = $2 AND a.instrument = 'PHQ9' AND a.administered_at > fd.first_dose_at
            ORDER BY a.administered_at DESC, a.created_at DESC, a.id DESC LIMIT 1) l ON true`,
      [clinicId, patientId],
    );
    const outcome = derivePhq9Outcome({
      firstDoseAt: row.first_dose_at,
      baseline:
        row.baseline_score === null
          ? null
          : { totalScore: row.baseline_score, administeredAt: row.baseline_at! },
      latest:
        row.latest_score === null ? null : { totalScore: row.latest_score, administeredAt: row.latest_at! },
      now,
    });
    const point = (p: { totalScore: number; administeredAt: Date } | null) =>
      p ? { totalScore: p.totalScore, administeredAt: p.administeredAt.toISOString() } : null;
    return {
      ...outcome,
      patientId,
      firstDoseAt: outcome.firstDoseAt?.toISOString() ?? null,
      baseline: point(outcome.baseline),
      latest: point(outcome.latest),
    };
  }
}
