/**
 * A clinic's tunable thresholds: defaults from CLINICAL-RULES.md, which a clinic's medical director
 * may tighten but never loosen. `direction` says which way is tighter: for an upper threshold
 * ("flag above N") a lower N flags sooner; for a lower threshold ("flag below N") a higher N does.
 */
export interface SettingRule {
  default: number;
  /** 'max': the value may only go down from the default; 'min': only up. */
  direction: 'max' | 'min';
  /** The other end of the allowed range (a typing-error guard). */
  bound: number;
  source: string;
}

export const CLINIC_SETTING_RULES = {
  predoseSystolic: {
    default: 140,
    direction: 'max',
    bound: 100,
    source: 'CLINICAL-RULES.md §5: BP_ELEVATED_PREDOSE, Spravato PI',
  },
  predoseDiastolic: {
    default: 90,
    direction: 'max',
    bound: 60,
    source: 'CLINICAL-RULES.md §5: BP_ELEVATED_PREDOSE, Spravato PI',
  },
  criticalSystolic: {
    default: 180,
    direction: 'max',
    bound: 120,
    source: 'CLINICAL-RULES.md §5: BP_CRITICAL(_PREDOSE), Del Sant 2020',
  },
  criticalDiastolic: {
    default: 110,
    direction: 'max',
    bound: 70,
    source: 'CLINICAL-RULES.md §5: BP_CRITICAL(_PREDOSE), Del Sant 2020',
  },
  riseSystolic: {
    default: 40,
    direction: 'max',
    bound: 10,
    source: 'CLINICAL-RULES.md §5: BP_RISE, Spravato PI §5.6',
  },
  riseDiastolic: {
    default: 25,
    direction: 'max',
    bound: 5,
    source: 'CLINICAL-RULES.md §5: BP_RISE, Spravato PI §5.6',
  },
  heartRateHigh: {
    default: 110,
    direction: 'max',
    bound: 80,
    source: 'CLINICAL-RULES.md §5: HR_ABNORMAL, modified Aldrete',
  },
  heartRateLow: {
    default: 50,
    direction: 'min',
    bound: 70,
    source: 'CLINICAL-RULES.md §5: HR_ABNORMAL, modified Aldrete',
  },
  heartRateCritical: {
    default: 150,
    direction: 'max',
    bound: 110,
    source: 'CLINICAL-RULES.md §5: HR_CRITICAL, ED ketamine protocols',
  },
  spo2Low: {
    default: 92,
    direction: 'min',
    bound: 98,
    source: 'CLINICAL-RULES.md §5: SPO2_LOW (flag at or below), modified Aldrete',
  },
  spo2Critical: {
    default: 90,
    direction: 'min',
    bound: 95,
    source: 'CLINICAL-RULES.md §5: SPO2_CRITICAL (flag below), modified Aldrete',
  },
  respiratoryRateLow: {
    default: 10,
    direction: 'min',
    bound: 16,
    source: 'CLINICAL-RULES.md §5: RR_ABNORMAL, ED ketamine protocols',
  },
  respiratoryRateHigh: {
    default: 30,
    direction: 'max',
    bound: 20,
    source: 'CLINICAL-RULES.md §5: RR_ABNORMAL, ED ketamine protocols',
  },
  escalationDelaySeconds: {
    default: 600,
    direction: 'max',
    bound: 1,
    source: 'CLINICAL-RULES.md §5: critical flags escalate after 10 minutes (clinic setting)',
  },
  dischargeObservationMinutes: {
    default: 60,
    direction: 'min',
    bound: 480,
    source: 'CLINICAL-RULES.md §6: observation for routes other than INTRANASAL, default 60 minutes',
  },
} as const satisfies Record<string, SettingRule>;

export type ClinicSettingKey = keyof typeof CLINIC_SETTING_RULES;
export type ClinicSettings = Record<ClinicSettingKey, number>;

export const CLINIC_SETTING_KEYS = Object.keys(CLINIC_SETTING_RULES) as ClinicSettingKey[];

export function defaultClinicSettings(): ClinicSettings {
  return Object.fromEntries(
    CLINIC_SETTING_KEYS.map((k) => [k, CLINIC_SETTING_RULES[k].default]),
  ) as ClinicSettings;
}

/** The stored overrides over the defaults: what the rules of the clinic actually use. */
export function effectiveClinicSettings(
  stored: Partial<Record<string, unknown>> | null | undefined,
): ClinicSettings {
  const settings = defaultClinicSettings();
  for (const key of CLINIC_SETTING_KEYS) {
    const value = stored?.[key];
    if (typeof value === 'number' && Number.isFinite(value)) settings[key] = value;
  }
  return settings;
}

export interface SettingProblem {
  field: string;
  messages: string[];
}

/** Every problem with a requested change: unknown keys, non-numbers, and anything looser than the default. */
export function checkClinicSettings(requested: Record<string, unknown>): SettingProblem[] {
  const problems: SettingProblem[] = [];
  for (const [key, value] of Object.entries(requested)) {
    const field = `settings.${key}`;
    const rule = (CLINIC_SETTING_RULES as Record<string, SettingRule>)[key];
    if (!rule) {
      problems.push({ field, messages: [`${field} is not a clinic setting`] });
      continue;
    }
    if (value === null) continue; // back to the default
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ field, messages: [`${field} must be a number`] });
      continue;
    }
    const [low, high] = rule.direction === 'max' ? [rule.bound, rule.default] : [rule.default, rule.bound];
    if (value < low || value > high) {
      const looser = rule.direction === 'max' ? value > rule.default : value < rule.default;
      problems.push({
        field,
        messages: [
          looser
            ? `${field} may be tightened but not loosened past ${rule.default} (${rule.source})`
            : `${field} must be between ${low} and ${high}`,
        ],
      });
    }
  }
  return problems;
}
