/**
 * Dosing (CLINICAL-RULES.md §7): hard plausibility limits (above them: 400, a typing error) and the
 * usual ranges (above them: a DOSE_ABOVE_USUAL_RANGE warning flag). Limits apply to the session's
 * total (all doses together), the stricter reading for every route.
 */
import type { FlagSpec } from './questionnaires';

export type DoseRoute = 'IV' | 'IM' | 'SUBLINGUAL' | 'ORAL' | 'INTRANASAL';
export const DOSE_ROUTES: readonly DoseRoute[] = ['IV', 'IM', 'SUBLINGUAL', 'ORAL', 'INTRANASAL'];

type Limit = { perKg: number } | { mg: number } | { devicesMg: number; allowedMg: readonly number[] };

export const DOSE_HARD_LIMITS: Record<DoseRoute, Limit & { source: string }> = {
  IV: {
    perKg: 1.5,
    source: 'Top of subanaesthetic practice (Riva-Posse 2018; ASKP3); Ketalar induction is never KAP',
  },
  IM: { perKg: 2, source: 'Top of subanaesthetic practice (NCT05468047: 0.5–0.75 mg/kg)' },
  SUBLINGUAL: { mg: 800, source: 'KAP lozenge method (100–400 mg), limit at twice the top' },
  ORAL: { mg: 800, source: 'KAP lozenge method (100–400 mg), limit at twice the top' },
  INTRANASAL: {
    devicesMg: 28,
    allowedMg: [28, 56, 84],
    source: 'Spravato PI: 56 or 84 mg, devices of 28 mg',
  },
};

export const DOSE_USUAL_RANGES: Partial<
  Record<DoseRoute, { low: number; high: number; unit: 'mg/kg' | 'mg'; source: string }>
> = {
  IV: { low: 0.5, high: 1, unit: 'mg/kg', source: 'Riva-Posse 2018; ASKP3 basics: 0.5–1 mg/kg' },
  IM: { low: 0.5, high: 1, unit: 'mg/kg', source: 'NCT05468047; CLINICAL-RULES.md §7 default' },
  SUBLINGUAL: { low: 100, high: 400, unit: 'mg', source: 'KAP lozenge method' },
  ORAL: { low: 100, high: 400, unit: 'mg', source: 'KAP lozenge method' },
};

export const DOSE_ABOVE_USUAL_RANGE: FlagSpec = {
  code: 'DOSE_ABOVE_USUAL_RANGE',
  severity: 'warning',
  blocksDosing: false,
  source: 'CLINICAL-RULES.md §7: above the usual range, for the supervisor',
};

export interface DoseInput {
  route: DoseRoute;
  doseMg: number;
  weightKg: number;
  /** mg already given in this session before this dose. */
  priorSessionMg: number;
}

/** mg/kg rounded to 4 decimals (storage precision). */
export function mgPerKg(doseMg: number, weightKg: number): number {
  return Math.round((doseMg / weightKg) * 10_000) / 10_000;
}

/** Why the dose is over the hard limit (a 400 on doseMg), or null. */
export function doseLimitProblem(d: DoseInput): string | null {
  const limit = DOSE_HARD_LIMITS[d.route];
  const total = d.priorSessionMg + d.doseMg;
  if ('perKg' in limit) {
    const max = limit.perKg * d.weightKg;
    if (total > max + 1e-9)
      return `${d.route} total ${total} mg is above the hard limit of ${limit.perKg} mg/kg (${Math.round(max * 100) / 100} mg at ${d.weightKg} kg) per session`;
    return null;
  }
  if ('mg' in limit) {
    if (total > limit.mg)
      return `${d.route} total ${total} mg is above the hard limit of ${limit.mg} mg per session`;
    return null;
  }
  if (!limit.allowedMg.includes(d.doseMg))
    return `INTRANASAL esketamine is given as ${limit.allowedMg.join(', ')} mg (devices of ${limit.devicesMg} mg)`;
  const top = Math.max(...limit.allowedMg);
  if (total > top) return `INTRANASAL total ${total} mg is above ${top} mg per session`;
  return null;
}

/** The session total (with this dose) is above the clinic's usual range for the route. */
export function aboveUsualRange(d: DoseInput): boolean {
  const range = DOSE_USUAL_RANGES[d.route];
  if (!range) return false;
  const total = d.priorSessionMg + d.doseMg;
  const value = range.unit === 'mg/kg' ? total / d.weightKg : total;
  return value > range.high + 1e-9;
}
