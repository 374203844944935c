/**
 * Intake eligibility (CLINICAL-RULES.md §4): `ineligible` on any absolute contraindication, otherwise
 * `needs_review` on any relative one, otherwise `eligible`. Every reason is returned as a code.
 */
import type { CssrsRisk } from './cssrs';

export type Eligibility = 'eligible' | 'needs_review' | 'ineligible';
export type ReasonKind = 'absolute' | 'relative';

export interface ReasonRule {
  kind: ReasonKind;
  message: string;
  source: string;
}

/** History items a clinician ticks on the intake checklist (SPEC §2: "the contraindications"). */
export const CONDITION_RULES = {
  ANEURYSMAL_VASCULAR_DISEASE: {
    kind: 'absolute',
    message: 'Aneurysmal vascular disease (including arteriovenous malformation)',
    source: 'Spravato prescribing information (PI), contraindications',
  },
  INTRACEREBRAL_HEMORRHAGE_HISTORY: {
    kind: 'absolute',
    message: 'History of intracerebral hemorrhage',
    source: 'Spravato PI',
  },
  KETAMINE_HYPERSENSITIVITY: {
    kind: 'absolute',
    message: 'Hypersensitivity to ketamine or esketamine',
    source: 'Spravato PI; Ketalar label',
  },
  UNCONTROLLED_HYPERTENSION: {
    kind: 'absolute',
    message: 'Uncontrolled hypertension',
    source: 'Ketalar label (a significant BP rise would be a serious hazard)',
  },
  PREGNANCY: { kind: 'absolute', message: 'Pregnancy', source: 'Spravato Medication Guide' },
  PSYCHOSIS_HISTORY: {
    kind: 'relative',
    message: 'History of psychosis: assess, benefit must outweigh risk',
    source: 'Spravato PI',
  },
  MANIA_HISTORY: { kind: 'relative', message: 'History of mania', source: 'NHS ketamine service exclusions' },
  ACTIVE_SUBSTANCE_USE_DISORDER: {
    kind: 'relative',
    message: 'Active substance use disorder (ketamine is CIII: abuse and misuse)',
    source: 'Spravato PI',
  },
  BREASTFEEDING: { kind: 'relative', message: 'Breastfeeding', source: 'Spravato Medication Guide' },
  UNSTABLE_CARDIAC_DISEASE: {
    kind: 'relative',
    message: 'Unstable cardiac disease',
    source: 'Ketalar UK SmPC; clinical reviews',
  },
  RAISED_INTRACRANIAL_OR_INTRAOCULAR_PRESSURE: {
    kind: 'relative',
    message: 'Raised intracranial or intraocular pressure',
    source: 'Ketalar label; NHS service',
  },
  SEIZURE_DISORDER: { kind: 'relative', message: 'Seizure disorder', source: 'NHS service' },
  HEPATIC_IMPAIRMENT: {
    kind: 'relative',
    message: 'Hepatic impairment (liver injury)',
    source: 'Ketalar label',
  },
  INTERSTITIAL_CYSTITIS: {
    kind: 'relative',
    message: 'Interstitial cystitis',
    source: 'Spravato PI warnings',
  },
} as const satisfies Record<string, ReasonRule>;

export type ConditionCode = keyof typeof CONDITION_RULES;
export const CONDITION_CODES = Object.keys(CONDITION_RULES) as ConditionCode[];

export type InteractionClass =
  'BENZODIAZEPINE' | 'LAMOTRIGINE' | 'MAOI' | 'PSYCHOSTIMULANT' | 'CNS_DEPRESSANT' | 'OTHER';
export const INTERACTION_CLASSES: readonly InteractionClass[] = [
  'BENZODIAZEPINE',
  'LAMOTRIGINE',
  'MAOI',
  'PSYCHOSTIMULANT',
  'CNS_DEPRESSANT',
  'OTHER',
];

/** Medication interaction classes and the reason each raises (OTHER raises none). */
export const MEDICATION_RULES: Record<Exclude<InteractionClass, 'OTHER'>, ReasonRule & { code: string }> = {
  BENZODIAZEPINE: {
    code: 'MED_BENZODIAZEPINE',
    kind: 'relative',
    message: 'Benzodiazepine: attenuates the response',
    source: 'Andrade 2017; Veraart 2021',
  },
  LAMOTRIGINE: {
    code: 'MED_LAMOTRIGINE',
    kind: 'relative',
    message: 'Lamotrigine: may attenuate the response',
    source: 'Veraart 2021',
  },
  MAOI: { code: 'MED_MAOI', kind: 'relative', message: 'MAOI: raises blood pressure', source: 'Spravato PI' },
  PSYCHOSTIMULANT: {
    code: 'MED_PSYCHOSTIMULANT',
    kind: 'relative',
    message: 'Psychostimulant: raises blood pressure',
    source: 'Spravato PI',
  },
  CNS_DEPRESSANT: {
    code: 'MED_CNS_DEPRESSANT',
    kind: 'relative',
    message: 'CNS depressant (opioids, hypnotics): sedation',
    source: 'Spravato PI',
  },
};

/** The intake reading above which BASELINE_BP_ELEVATED is raised: > 140/90 (either value). */
export const BASELINE_BP_RULE = {
  systolicAbove: 140,
  diastolicAbove: 90,
  code: 'BASELINE_BP_ELEVATED',
  kind: 'relative' as ReasonKind,
  message: 'Baseline blood pressure above 140/90',
  source: 'Spravato PI §5.6',
};

export const SCREENING_RULES = {
  SUICIDE_RISK_MODERATE: {
    kind: 'relative',
    message: 'C-SSRS screen: moderate suicide risk, needs clinician judgement',
    source: 'C-SSRS (CLINICAL-RULES.md §3, §4)',
  },
  SUICIDE_RISK_HIGH: {
    kind: 'relative',
    message: 'C-SSRS screen: high suicide risk, needs clinician judgement',
    source: 'C-SSRS (CLINICAL-RULES.md §3, §4); also raises a critical flag',
  },
  PHQ9_ITEM9_POSITIVE: {
    kind: 'relative',
    message: 'PHQ-9 item 9 (thoughts of death or self-harm) above 0',
    source: 'CLINICAL-RULES.md §1',
  },
} as const satisfies Record<string, ReasonRule>;

export interface Reason {
  code: string;
  kind: ReasonKind;
  message: string;
}

export interface EligibilityInput {
  conditions: readonly string[];
  medications: readonly { interactionClass: InteractionClass }[];
  vitals: { systolic: number; diastolic: number };
  cssrsRisk: CssrsRisk;
  phq9Item9: number;
}

export interface EligibilityResult {
  eligibility: Eligibility;
  reasons: Reason[];
}

export function evaluateEligibility(input: EligibilityInput): EligibilityResult {
  const reasons: Reason[] = [];
  const add = (code: string, rule: ReasonRule) => {
    if (!reasons.some((r) => r.code === code)) reasons.push({ code, kind: rule.kind, message: rule.message });
  };
  for (const code of input.conditions) {
    const rule = (CONDITION_RULES as Record<string, ReasonRule>)[code];
    if (!rule) throw new RangeError(`unknown condition code ${code}`);
    add(code, rule);
  }
  for (const m of input.medications) {
    if (m.interactionClass === 'OTHER') continue;
    const rule = MEDICATION_RULES[m.interactionClass];
    add(rule.code, rule);
  }
  if (
    input.vitals.systolic > BASELINE_BP_RULE.systolicAbove ||
    input.vitals.diastolic > BASELINE_BP_RULE.diastolicAbove
  )
    add(BASELINE_BP_RULE.code, BASELINE_BP_RULE);
  if (input.cssrsRisk === 'moderate') add('SUICIDE_RISK_MODERATE', SCREENING_RULES.SUICIDE_RISK_MODERATE);
  if (input.cssrsRisk === 'high') add('SUICIDE_RISK_HIGH', SCREENING_RULES.SUICIDE_RISK_HIGH);
  if (input.phq9Item9 > 0) add('PHQ9_ITEM9_POSITIVE', SCREENING_RULES.PHQ9_ITEM9_POSITIVE);
  // Absolute reasons first, so the reader sees why an intake is ineligible at the top.
  reasons.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'absolute' ? -1 : 1));
  const eligibility: Eligibility = reasons.some((r) => r.kind === 'absolute')
    ? 'ineligible'
    : reasons.length
      ? 'needs_review'
      : 'eligible';
  return { eligibility, reasons };
}
