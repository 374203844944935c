/**
 * A patient's PHQ-9 outcome (SPEC §2, §6; CLINICAL-RULES.md §1), as pure definitions. The data (first
 * dose, baseline, latest) is selected in SQL by the same rules as `selectPhq9Outcome` below; the
 * thresholds are those of OUTCOME_RULES, shared with the foundation report.
 */
import { OUTCOME_RULES } from './outcome-statistics';

const DAY_MS = 86_400_000;

export interface Phq9Point {
  totalScore: number;
  administeredAt: Date;
  /** Breaks a tie of administeredAt: the one recorded later stands. */
  createdAt?: Date;
  id?: string;
}

export interface PatientOutcome {
  instrument: 'PHQ9';
  firstDoseAt: Date | null;
  baseline: { totalScore: number; administeredAt: Date } | null;
  latest: { totalScore: number; administeredAt: Date } | null;
  change: number | null;
  percentChange: number | null;
  response: boolean | null;
  remission: boolean | null;
  meaningfulImprovement: boolean | null;
  weeksSinceFirstDose: number | null;
}

/** Order of PHQ-9s in time: administered, then recorded, then id (the SQL orders the same way). */
export function comparePhq9(a: Phq9Point, b: Phq9Point): number {
  return (
    a.administeredAt.getTime() - b.administeredAt.getTime() ||
    (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) ||
    (a.id ?? '').localeCompare(b.id ?? '')
  );
}

/**
 * Baseline: the last PHQ-9 administered at or before the first dose. Follow-up ("latest"): the last
 * one administered after it. No first dose: neither (the course has not started).
 */
export function selectPhq9Outcome(
  points: readonly Phq9Point[],
  firstDoseAt: Date | null,
): { baseline: Phq9Point | null; latest: Phq9Point | null } {
  if (!firstDoseAt) return { baseline: null, latest: null };
  const sorted = [...points].sort(comparePhq9);
  const before = sorted.filter((p) => p.administeredAt.getTime() <= firstDoseAt.getTime());
  const after = sorted.filter((p) => p.administeredAt.getTime() > firstDoseAt.getTime());
  return { baseline: before.at(-1) ?? null, latest: after.at(-1) ?? null };
}

/** Whole weeks since the first dose: floor(days / 7); null before any dose or for a dose in the future. */
export function weeksSince(firstDoseAt: Date | null, now: Date): number | null {
  if (!firstDoseAt) return null;
  const days = Math.floor((now.getTime() - firstDoseAt.getTime()) / DAY_MS);
  return days < 0 ? null : Math.floor(days / 7);
}

/**
 * Change (latest − baseline; negative is better), percent change (one decimal), response (latest at
 * most 50 % of baseline), remission (latest below 5), meaningful improvement (a drop of 5 or more),
 * each null when what it needs is missing. A baseline of 0 cannot be halved or divided by: response
 * and percent change are then null.
 */
export function derivePhq9Outcome(input: {
  firstDoseAt: Date | null;
  baseline: { totalScore: number; administeredAt: Date } | null;
  latest: { totalScore: number; administeredAt: Date } | null;
  now: Date;
}): PatientOutcome {
  const { firstDoseAt, baseline, latest } = input;
  const both = baseline && latest ? { b: baseline.totalScore, l: latest.totalScore } : null;
  return {
    instrument: 'PHQ9',
    firstDoseAt,
    baseline: baseline ? { totalScore: baseline.totalScore, administeredAt: baseline.administeredAt } : null,
    latest: latest ? { totalScore: latest.totalScore, administeredAt: latest.administeredAt } : null,
    change: both ? both.l - both.b : null,
    percentChange: both && both.b > 0 ? Math.round(((both.l - both.b) / both.b) * 1000) / 10 : null,
    response: both && both.b > 0 ? both.l <= both.b * OUTCOME_RULES.responseRatio : null,
    remission: latest ? latest.totalScore < OUTCOME_RULES.remissionBelow : null,
    meaningfulImprovement: both ? both.b - both.l >= OUTCOME_RULES.meaningfulDrop : null,
    weeksSinceFirstDose: weeksSince(firstDoseAt, input.now),
  };
}
