/** Discharge (CLINICAL-RULES.md §6): every criterion must hold; each unmet one is named. */
import type { ClinicSettings } from './clinic-settings';
import type { DoseRoute } from './dosing';
import type { VitalsPhase } from './vitals';

export const DISCHARGE_RULES = {
  intranasalObservationMinutes: { value: 120, source: 'Spravato REMS: at least 2 hours after the dose' },
  readingMaxAgeMinutes: { value: 15, source: 'CLINICAL-RULES.md §6: last reading within 15 minutes' },
  bpWithinFraction: { value: 0.2, source: 'Modified Aldrete circulation item: BP within ±20 % of pre-dose' },
  spo2Above: { value: 92, source: 'Modified Aldrete: SpO2 > 92 % on room air' },
  escort: { source: 'Ketalar label: released only accompanied by a responsible adult' },
} as const;

export type DischargeCriterion =
  | 'OBSERVATION_TIME'
  | 'DISCHARGE_READING'
  | 'BP_WITHIN_20_PERCENT'
  | 'SPO2_ABOVE_92'
  | 'NO_OPEN_CRITICAL_FLAG'
  | 'ESCORT_PRESENT';

export interface UnmetCriterion {
  criterion: DischargeCriterion;
  message: string;
}

export interface DischargeInput {
  route: DoseRoute;
  firstDoseAt: Date | null;
  dischargedAt: Date;
  /** The last reading taken at or before the discharge time (corrections already applied). */
  lastReading: {
    phase: VitalsPhase;
    takenAt: Date;
    systolic: number;
    diastolic: number;
    spo2: number | null;
  } | null;
  predose: { systolic: number; diastolic: number } | null;
  /** Codes of the session's unresolved critical flags. */
  openCriticalFlags: readonly string[];
  escortPresent: boolean;
  settings: Pick<ClinicSettings, 'dischargeObservationMinutes'>;
}

export function observationMinutesFor(
  route: DoseRoute,
  settings: Pick<ClinicSettings, 'dischargeObservationMinutes'>,
) {
  return route === 'INTRANASAL'
    ? DISCHARGE_RULES.intranasalObservationMinutes.value
    : settings.dischargeObservationMinutes;
}

const within = (value: number, base: number, fraction: number) => Math.abs(value - base) <= base * fraction;

export function unmetDischargeCriteria(i: DischargeInput): UnmetCriterion[] {
  const unmet: UnmetCriterion[] = [];
  const needed = observationMinutesFor(i.route, i.settings);
  const observed = i.firstDoseAt ? (i.dischargedAt.getTime() - i.firstDoseAt.getTime()) / 60_000 : null;
  if (observed === null || observed < needed)
    unmet.push({
      criterion: 'OBSERVATION_TIME',
      message:
        observed === null
          ? `No dose recorded: observation of ${needed} minutes after the first dose is required`
          : `Observed ${Math.floor(observed)} of the required ${needed} minutes since the first dose`,
    });
  const r = i.lastReading;
  const fresh =
    r !== null &&
    (r.phase === 'post_dose' || r.phase === 'discharge') &&
    i.dischargedAt.getTime() - r.takenAt.getTime() <= DISCHARGE_RULES.readingMaxAgeMinutes.value * 60_000;
  if (!fresh) {
    unmet.push({
      criterion: 'DISCHARGE_READING',
      message: `The last reading must be a post_dose or discharge reading taken within ${DISCHARGE_RULES.readingMaxAgeMinutes.value} minutes of discharge`,
    });
  }
  const f = DISCHARGE_RULES.bpWithinFraction.value;
  if (
    !fresh ||
    !i.predose ||
    !within(r!.systolic, i.predose.systolic, f) ||
    !within(r!.diastolic, i.predose.diastolic, f)
  )
    unmet.push({
      criterion: 'BP_WITHIN_20_PERCENT',
      message: i.predose
        ? `Blood pressure must be within ±20 % of the pre-dose reading (${i.predose.systolic}/${i.predose.diastolic})`
        : 'No pre-dose reading to compare the blood pressure with',
    });
  if (!fresh || r!.spo2 === null || !(r!.spo2 > DISCHARGE_RULES.spo2Above.value))
    unmet.push({ criterion: 'SPO2_ABOVE_92', message: 'SpO2 of the last reading must be above 92 %' });
  if (i.openCriticalFlags.length)
    unmet.push({
      criterion: 'NO_OPEN_CRITICAL_FLAG',
      message: `Unresolved critical flags: ${[...new Set(i.openCriticalFlags)].join(', ')}`,
    });
  if (!i.escortPresent)
    unmet.push({ criterion: 'ESCORT_PRESENT', message: 'A responsible adult escort must be recorded' });
  return unmet;
}

/** CADSS: 23 patient-rated items 0–4, total 0–92 (Bremner 1998). */
export const CADSS_RANGE = { min: 0, max: 92, source: 'Bremner et al. 1998' } as const;
