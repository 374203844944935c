/**
 * PHQ-9 and GAD-7: scoring and severity bands (CLINICAL-RULES.md §1, §2). Exactly N integer answers
 * 0–3, else the set is refused, never scored.
 */
export type Instrument = 'PHQ9' | 'GAD7';
export const INSTRUMENTS: readonly Instrument[] = ['PHQ9', 'GAD7'];

export type Phq9Severity = 'minimal' | 'mild' | 'moderate' | 'moderately_severe' | 'severe';
export type Gad7Severity = 'minimal' | 'mild' | 'moderate' | 'severe';
export type Severity = Phq9Severity | Gad7Severity;

export interface Band {
  min: number;
  max: number;
  severity: Severity;
}

export interface InstrumentRule {
  items: number;
  maxTotal: number;
  bands: readonly Band[];
  loinc: { panel: string; total: string };
  source: string;
}

export const INSTRUMENT_RULES: Record<Instrument, InstrumentRule> = {
  PHQ9: {
    items: 9,
    maxTotal: 27,
    bands: [
      { min: 0, max: 4, severity: 'minimal' },
      { min: 5, max: 9, severity: 'mild' },
      { min: 10, max: 14, severity: 'moderate' },
      { min: 15, max: 19, severity: 'moderately_severe' },
      { min: 20, max: 27, severity: 'severe' },
    ],
    loinc: { panel: '44249-1', total: '44261-6' },
    source: 'Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16:606–613 (CLINICAL-RULES.md §1)',
  },
  GAD7: {
    items: 7,
    maxTotal: 21,
    bands: [
      { min: 0, max: 4, severity: 'minimal' },
      { min: 5, max: 9, severity: 'mild' },
      { min: 10, max: 14, severity: 'moderate' },
      { min: 15, max: 21, severity: 'severe' },
    ],
    loinc: { panel: '69737-5', total: '70274-6' },
    source: 'Spitzer et al., Arch Intern Med 2006;166:1092–1097 (CLINICAL-RULES.md §2)',
  },
};

/** Why an answer set cannot be scored, or null when it can. */
export function answersProblem(instrument: Instrument, answers: unknown): string | null {
  const rule = INSTRUMENT_RULES[instrument];
  if (!rule) return `instrument must be one of ${INSTRUMENTS.join(', ')}`;
  if (!Array.isArray(answers)) return `answers must be a list of ${rule.items} integers 0–3`;
  if (answers.length !== rule.items)
    return `${instrument} needs exactly ${rule.items} answers, got ${answers.length}`;
  const bad = answers.findIndex((a) => typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a > 3);
  if (bad >= 0) return `answer ${bad + 1} must be an integer 0–3`;
  return null;
}

export function severityOf(instrument: Instrument, total: number): Severity {
  const band = INSTRUMENT_RULES[instrument].bands.find((b) => total >= b.min && total <= b.max);
  if (!band)
    throw new RangeError(`${instrument} total ${total} outside 0–${INSTRUMENT_RULES[instrument].maxTotal}`);
  return band.severity;
}

export interface Score {
  totalScore: number;
  severity: Severity;
  /** PHQ-9 item 9 (thoughts of death or self-harm); null for GAD-7. */
  item9: number | null;
}

/** Scores a valid answer set; throws RangeError on an invalid one (check answersProblem first). */
export function scoreAssessment(instrument: Instrument, answers: readonly number[]): Score {
  const problem = answersProblem(instrument, answers);
  if (problem) throw new RangeError(problem);
  const totalScore = answers.reduce((sum, a) => sum + a, 0);
  return {
    totalScore,
    severity: severityOf(instrument, totalScore),
    item9: instrument === 'PHQ9' ? answers[8] : null,
  };
}

export interface FlagSpec {
  code: string;
  severity: 'info' | 'warning' | 'critical';
  blocksDosing: boolean;
  source: string;
}

export const ITEM9_SOURCE =
  'CLINICAL-RULES.md §1: PHQ-9 item 9 > 0 (AACN 2020; Simon et al., Psychiatr Serv 2013: risk rises with the answer)';

/** PHQ-9 item 9 above 0: a flag for follow-up, critical at 2 or 3. */
export function item9Flag(item9: number | null | undefined): FlagSpec | null {
  if (item9 === null || item9 === undefined || item9 <= 0) return null;
  return {
    code: 'PHQ9_ITEM9_POSITIVE',
    severity: item9 >= 2 ? 'critical' : 'warning',
    blocksDosing: false,
    source: ITEM9_SOURCE,
  };
}
