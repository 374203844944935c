import { describe, expect, it } from '@jest/globals';
import { CONDITION_RULES, evaluateEligibility, EligibilityInput, MEDICATION_RULES } from './eligibility';

const base: EligibilityInput = {
  conditions: [],
  medications: [],
  vitals: { systolic: 120, diastolic: 80 },
  cssrsRisk: 'none',
  phq9Item9: 0,
};

describe('intake eligibility (CLINICAL-RULES.md §4)', () => {
  it('is eligible with no reason', () => {
    expect(evaluateEligibility(base)).toEqual({ eligibility: 'eligible', reasons: [] });
  });

  it.each(Object.entries(CONDITION_RULES))('condition %s is %s', (code, rule) => {
    const result = evaluateEligibility({ ...base, conditions: [code] });
    expect(result.reasons).toEqual([{ code, kind: rule.kind, message: rule.message }]);
    expect(result.eligibility).toBe(rule.kind === 'absolute' ? 'ineligible' : 'needs_review');
  });

  it.each(Object.entries(MEDICATION_RULES))('medication class %s raises %s', (cls, rule) => {
    const result = evaluateEligibility({ ...base, medications: [{ interactionClass: cls as 'MAOI' }] });
    expect(result).toMatchObject({
      eligibility: 'needs_review',
      reasons: [{ code: rule.code, kind: 'relative' }],
    });
  });

  it('an OTHER medication raises nothing', () => {
    expect(evaluateEligibility({ ...base, medications: [{ interactionClass: 'OTHER' }] }).eligibility).toBe(
      'eligible',
    );
  });

  it.each([
    [140, 90, false],
    [141, 90, true],
    [140, 91, true],
    [139, 89, false],
  ])('baseline BP %i/%i elevated: %s (strictly above 140/90)', (systolic, diastolic, raised) => {
    const result = evaluateEligibility({ ...base, vitals: { systolic, diastolic } });
    expect(result.reasons.some((r) => r.code === 'BASELINE_BP_ELEVATED')).toBe(raised);
  });

  it.each([
    ['none', null],
    ['low', null],
    ['moderate', 'SUICIDE_RISK_MODERATE'],
    ['high', 'SUICIDE_RISK_HIGH'],
  ] as const)('C-SSRS %s raises %s', (risk, code) => {
    const result = evaluateEligibility({ ...base, cssrsRisk: risk });
    expect(result.reasons.map((r) => r.code)).toEqual(code ? [code] : []);
  });

  it('item 9 above 0 needs review', () => {
    expect(evaluateEligibility({ ...base, phq9Item9: 1 })).toMatchObject({
      eligibility: 'needs_review',
      reasons: [{ code: 'PHQ9_ITEM9_POSITIVE' }],
    });
  });

  it('absolute wins over relative, and every reason is listed (absolute first, no duplicates)', () => {
    const result = evaluateEligibility({
      ...base,
      conditions: ['SEIZURE_DISORDER', 'PREGNANCY'],
      medications: [{ interactionClass: 'MAOI' }, { interactionClass: 'MAOI' }],
    });
    expect(result.eligibility).toBe('ineligible');
    expect(result.reasons.map((r) => r.code)).toEqual(['PREGNANCY', 'SEIZURE_DISORDER', 'MED_MAOI']);
  });

  it('refuses an unknown condition code', () => {
    expect(() => evaluateEligibility({ ...base, conditions: ['MADE_UP'] })).toThrow(RangeError);
  });
});
