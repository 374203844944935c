/**
 * C-SSRS screener, screen version, past month (CLINICAL-RULES.md §3, Columbia triage colours).
 * Questions 3–5 are asked only when question 2 is yes: their answers are ignored otherwise.
 */
export type CssrsRisk = 'none' | 'low' | 'moderate' | 'high';
export type CssrsBehavior = 'none' | 'past_3_months' | 'lifetime';
export const CSSRS_BEHAVIORS: readonly CssrsBehavior[] = ['none', 'past_3_months', 'lifetime'];

export interface CssrsAnswers {
  /** 1: wish to be dead. */
  wishDead: boolean;
  /** 2: non-specific active suicidal thoughts. */
  suicidalThoughts: boolean;
  /** 3: thoughts with a method (no plan, no intent). */
  method?: boolean | null;
  /** 4: intent without a specific plan. */
  intent?: boolean | null;
  /** 5: intent with a specific plan. */
  plan?: boolean | null;
  /** 6: suicidal behaviour, and whether within the past 3 months. */
  behavior: CssrsBehavior;
}

export const CSSRS_SOURCE = 'Columbia C-SSRS screener with triage (CLINICAL-RULES.md §3)';

export function cssrsRisk(a: CssrsAnswers): CssrsRisk {
  const followUps = a.suicidalThoughts;
  if ((followUps && (a.intent || a.plan)) || a.behavior === 'past_3_months') return 'high';
  if ((followUps && a.method) || a.behavior === 'lifetime') return 'moderate';
  if (a.wishDead || a.suicidalThoughts) return 'low';
  return 'none';
}
