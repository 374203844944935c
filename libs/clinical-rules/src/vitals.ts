/**
 * Vitals (CLINICAL-RULES.md §5): plausibility limits (outside: a typing error, refused with 400) and
 * the flag table, evaluated with the clinic's thresholds (defaults in clinic-settings.ts, tighten-only).
 */
import type { ClinicSettings } from './clinic-settings';
import type { FlagSpec } from './questionnaires';

export type VitalsPhase = 'pre_dose' | 'intra' | 'post_dose' | 'discharge';
export const VITALS_PHASES: readonly VitalsPhase[] = ['pre_dose', 'intra', 'post_dose', 'discharge'];

export interface VitalsValues {
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2?: number | null;
  respiratoryRate?: number | null;
}

export const PLAUSIBILITY_SOURCE =
  'CLINICAL-RULES.md §5: impossible values are typing errors, not flags (OpenMRS separates the two)';

/** Inclusive physiological ranges; outside them a reading is refused. */
export const VITALS_PLAUSIBILITY = {
  systolic: { min: 40, max: 300, unit: 'mmHg' },
  diastolic: { min: 20, max: 200, unit: 'mmHg' },
  heartRate: { min: 20, max: 250, unit: '/min' },
  spo2: { min: 50, max: 100, unit: '%' },
  respiratoryRate: { min: 4, max: 60, unit: '/min' },
} as const;

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Every implausible field (a missing optional one is fine); diastolic must also be below systolic. */
export function vitalsPlausibilityProblems(v: VitalsValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, range] of Object.entries(VITALS_PLAUSIBILITY)) {
    const value = v[field as keyof VitalsValues];
    if (value === null || value === undefined) continue;
    if (value < range.min || value > range.max)
      problems.push({
        field,
        messages: [`${field} must be between ${range.min} and ${range.max} ${range.unit}`],
      });
  }
  if (v.diastolic >= v.systolic && !problems.some((p) => p.field === 'diastolic'))
    problems.push({ field: 'diastolic', messages: ['diastolic must be below systolic'] });
  return problems;
}

export type VitalsFlagCode =
  | 'BP_ELEVATED_PREDOSE'
  | 'BP_CRITICAL_PREDOSE'
  | 'BP_RISE'
  | 'BP_CRITICAL'
  | 'HR_ABNORMAL'
  | 'HR_CRITICAL'
  | 'SPO2_LOW'
  | 'SPO2_CRITICAL'
  | 'RR_ABNORMAL';

export interface VitalsContext {
  phase: VitalsPhase;
  /** The session's pre-dose reading (baseline for BP_RISE); null when there is none. */
  predose: { systolic: number; diastolic: number } | null;
  /** The reading was taken after the session's first dose. */
  afterFirstDose: boolean;
}

interface VitalsFlagRow extends FlagSpec {
  code: VitalsFlagCode;
  when: (v: VitalsValues, ctx: VitalsContext, s: ClinicSettings) => boolean;
}

/** The flag table of §5, one row each. Thresholds come from the clinic's effective settings. */
export const VITALS_FLAG_RULES: readonly VitalsFlagRow[] = [
  {
    code: 'BP_ELEVATED_PREDOSE',
    severity: 'warning',
    blocksDosing: true,
    source: 'Spravato PI: weigh risk before dosing; holds until a supervisor overrides with a reason',
    when: (v, c, s) =>
      c.phase === 'pre_dose' && (v.systolic > s.predoseSystolic || v.diastolic > s.predoseDiastolic),
  },
  {
    code: 'BP_CRITICAL_PREDOSE',
    severity: 'critical',
    blocksDosing: true,
    source: 'Del Sant et al., J Psychopharmacol 2020',
    when: (v, c, s) =>
      c.phase === 'pre_dose' && (v.systolic > s.criticalSystolic || v.diastolic > s.criticalDiastolic),
  },
  {
    code: 'BP_RISE',
    severity: 'warning',
    blocksDosing: false,
    source: 'Spravato PI §5.6 (rise over the session pre-dose reading)',
    when: (v, c, s) =>
      (c.phase === 'intra' || c.phase === 'post_dose') &&
      c.predose !== null &&
      (v.systolic - c.predose.systolic >= s.riseSystolic ||
        v.diastolic - c.predose.diastolic >= s.riseDiastolic),
  },
  {
    code: 'BP_CRITICAL',
    severity: 'critical',
    blocksDosing: false,
    source: 'Del Sant et al., J Psychopharmacol 2020 (any reading after the dose; pre-dose has its own code)',
    when: (v, c, s) =>
      c.afterFirstDose &&
      c.phase !== 'pre_dose' &&
      (v.systolic > s.criticalSystolic || v.diastolic > s.criticalDiastolic),
  },
  {
    code: 'HR_ABNORMAL',
    severity: 'warning',
    blocksDosing: false,
    source: 'Modified Aldrete, additional criteria',
    when: (v, _c, s) => v.heartRate > s.heartRateHigh || v.heartRate < s.heartRateLow,
  },
  {
    code: 'HR_CRITICAL',
    severity: 'critical',
    blocksDosing: false,
    source: 'ED ketamine protocols',
    when: (v, _c, s) => v.heartRate > s.heartRateCritical,
  },
  {
    code: 'SPO2_LOW',
    severity: 'warning',
    blocksDosing: false,
    source: 'Modified Aldrete: > 92 % on room air',
    when: (v, _c, s) => v.spo2 != null && v.spo2 <= s.spo2Low,
  },
  {
    code: 'SPO2_CRITICAL',
    severity: 'critical',
    blocksDosing: false,
    source: 'Modified Aldrete; PACU desaturation',
    when: (v, _c, s) => v.spo2 != null && v.spo2 < s.spo2Critical,
  },
  {
    code: 'RR_ABNORMAL',
    severity: 'warning',
    blocksDosing: false,
    source: 'ED ketamine protocols',
    when: (v, _c, s) =>
      v.respiratoryRate != null &&
      (v.respiratoryRate < s.respiratoryRateLow || v.respiratoryRate > s.respiratoryRateHigh),
  },
];

export interface RaisedFlag extends FlagSpec {
  code: VitalsFlagCode;
}

/** Every row of the table this reading matches (each raised once per session and code until resolved). */
export function evaluateVitalsFlags(
  v: VitalsValues,
  ctx: VitalsContext,
  settings: ClinicSettings,
): RaisedFlag[] {
  return VITALS_FLAG_RULES.filter((r) => r.when(v, ctx, settings)).map(
    ({ code, severity, blocksDosing, source }) => ({
      code,
      severity,
      blocksDosing,
      source,
    }),
  );
}

/** A pre-dose reading counts for a dose only if taken in the 60 minutes before it (Spravato REMS). */
export const PREDOSE_READING_MAX_AGE_MINUTES = 60;
