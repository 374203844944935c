import { describe, expect, it } from '@jest/globals';
import { defaultClinicSettings } from './clinic-settings';
import { evaluateVitalsFlags, VitalsContext, VitalsValues, vitalsPlausibilityProblems } from './vitals';

const normal: VitalsValues = { systolic: 120, diastolic: 80, heartRate: 72, spo2: 98, respiratoryRate: 14 };
const settings = defaultClinicSettings();
const pre: VitalsContext = { phase: 'pre_dose', predose: null, afterFirstDose: false };
const intra: VitalsContext = {
  phase: 'intra',
  predose: { systolic: 120, diastolic: 80 },
  afterFirstDose: true,
};
const codes = (v: Partial<VitalsValues>, ctx: VitalsContext, s = settings) =>
  evaluateVitalsFlags({ ...normal, ...v }, ctx, s).map((f) => f.code);

describe('vitals plausibility (400, not a flag)', () => {
  it.each([
    ['systolic', 39, 40, 300, 301],
    ['diastolic', 19, 20, 200, 201],
    ['heartRate', 19, 20, 250, 251],
    ['spo2', 49, 50, 100, 101],
    ['respiratoryRate', 3, 4, 60, 61],
  ] as const)('%s: %i refused, %i and %i accepted, %i refused', (field, below, min, max, above) => {
    // Keep diastolic under systolic so only the field under test can fail.
    const withValue = (value: number): VitalsValues =>
      field === 'diastolic'
        ? { ...normal, systolic: 300, diastolic: value }
        : { ...normal, [field]: value, ...(field === 'systolic' ? { diastolic: 30 } : {}) };
    expect(vitalsPlausibilityProblems(withValue(below)).map((p) => p.field)).toContain(field);
    expect(vitalsPlausibilityProblems(withValue(min))).toEqual([]);
    expect(vitalsPlausibilityProblems(withValue(max))).toEqual([]);
    expect(vitalsPlausibilityProblems(withValue(above)).map((p) => p.field)).toContain(field);
  });

  it('diastolic must be below systolic', () => {
    expect(vitalsPlausibilityProblems({ ...normal, systolic: 100, diastolic: 100 })).toEqual([
      { field: 'diastolic', messages: ['diastolic must be below systolic'] },
    ]);
    expect(vitalsPlausibilityProblems({ ...normal, systolic: 100, diastolic: 99 })).toEqual([]);
  });

  it('lists every failing field', () => {
    expect(
      vitalsPlausibilityProblems({
        systolic: 500,
        diastolic: 10,
        heartRate: 5,
        spo2: 20,
        respiratoryRate: 90,
      }).map((p) => p.field),
    ).toEqual(['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate']);
  });
});

describe('flag table of CLINICAL-RULES.md §5 with default thresholds', () => {
  it('a normal reading raises nothing in any phase', () => {
    expect(codes({}, pre)).toEqual([]);
    expect(codes({}, intra)).toEqual([]);
  });

  it.each([
    [{ systolic: 140, diastolic: 90 }, []],
    [{ systolic: 141 }, ['BP_ELEVATED_PREDOSE']],
    [{ diastolic: 91 }, ['BP_ELEVATED_PREDOSE']],
    [{ systolic: 180 }, ['BP_ELEVATED_PREDOSE']],
    [{ systolic: 181 }, ['BP_ELEVATED_PREDOSE', 'BP_CRITICAL_PREDOSE']],
    [{ diastolic: 110 }, ['BP_ELEVATED_PREDOSE']],
    [{ diastolic: 111 }, ['BP_ELEVATED_PREDOSE', 'BP_CRITICAL_PREDOSE']],
  ])('pre_dose %j raises %j', (v, expected) => {
    expect(codes(v, pre)).toEqual(expected);
  });

  it('pre-dose BP rows are holds; BP_CRITICAL_PREDOSE is critical', () => {
    const flags = evaluateVitalsFlags({ ...normal, systolic: 200 }, pre, settings);
    expect(flags.map((f) => [f.code, f.severity, f.blocksDosing])).toEqual([
      ['BP_ELEVATED_PREDOSE', 'warning', true],
      ['BP_CRITICAL_PREDOSE', 'critical', true],
    ]);
  });

  it('pre-dose BP rows do not apply in other phases', () => {
    expect(codes({ systolic: 150 }, { ...intra, predose: { systolic: 140, diastolic: 80 } })).toEqual([]);
  });

  it.each([
    [{ systolic: 159 }, []],
    [{ systolic: 160 }, ['BP_RISE']],
    [{ diastolic: 104 }, []],
    [{ diastolic: 105 }, ['BP_RISE']],
  ])('intra over a 120/80 baseline: %j raises %j (rise ≥ +40 / +25)', (v, expected) => {
    expect(codes(v, intra)).toEqual(expected);
    expect(codes(v, { ...intra, phase: 'post_dose' })).toEqual(expected);
  });

  it('BP_RISE needs a baseline and is not evaluated in discharge or pre_dose phases', () => {
    expect(codes({ systolic: 170 }, { ...intra, predose: null })).toEqual([]);
    expect(codes({ systolic: 170 }, { ...intra, phase: 'discharge' })).toEqual([]);
  });

  it.each([
    [{ systolic: 180, diastolic: 100 }, false],
    [{ systolic: 181, diastolic: 100 }, true],
    [{ systolic: 170, diastolic: 110 }, false],
    [{ systolic: 170, diastolic: 111 }, true],
  ])('after the dose %j: BP_CRITICAL %s', (v, raised) => {
    expect(codes(v, { ...intra, predose: { systolic: 170, diastolic: 100 } }).includes('BP_CRITICAL')).toBe(
      raised,
    );
    expect(codes(v, { ...intra, phase: 'discharge', predose: null }).includes('BP_CRITICAL')).toBe(raised);
  });

  it('BP_CRITICAL only after the first dose', () => {
    expect(
      codes(
        { systolic: 190 },
        { ...intra, afterFirstDose: false, predose: { systolic: 185, diastolic: 80 } },
      ),
    ).toEqual([]);
  });

  it.each([
    [49, ['HR_ABNORMAL']],
    [50, []],
    [110, []],
    [111, ['HR_ABNORMAL']],
    [150, ['HR_ABNORMAL']],
    [151, ['HR_ABNORMAL', 'HR_CRITICAL']],
  ])('heart rate %i raises %j in any phase', (heartRate, expected) => {
    expect(codes({ heartRate }, pre)).toEqual(expected);
    expect(codes({ heartRate }, intra)).toEqual(expected);
  });

  it.each([
    [93, []],
    [92, ['SPO2_LOW']],
    [90, ['SPO2_LOW']],
    [89, ['SPO2_LOW', 'SPO2_CRITICAL']],
  ])('SpO2 %i raises %j (≤ 92 warning, < 90 critical)', (spo2, expected) => {
    expect(codes({ spo2 }, intra)).toEqual(expected);
  });

  it.each([
    [9, ['RR_ABNORMAL']],
    [10, []],
    [30, []],
    [31, ['RR_ABNORMAL']],
  ])('respiratory rate %i raises %j', (respiratoryRate, expected) => {
    expect(codes({ respiratoryRate }, pre)).toEqual(expected);
  });

  it('a missing SpO2 or respiratory rate raises nothing', () => {
    expect(codes({ spo2: null, respiratoryRate: undefined }, intra)).toEqual([]);
  });
});

describe("the clinic's tightened thresholds are the ones used", () => {
  const tight = { ...settings, predoseSystolic: 130, heartRateHigh: 100, spo2Low: 94, riseSystolic: 30 };
  it('flags at the tighter edge and not below it', () => {
    expect(codes({ systolic: 130 }, pre, tight)).toEqual([]);
    expect(codes({ systolic: 131 }, pre, tight)).toEqual(['BP_ELEVATED_PREDOSE']);
    expect(codes({ heartRate: 101 }, pre, tight)).toEqual(['HR_ABNORMAL']);
    expect(codes({ spo2: 94 }, pre, tight)).toEqual(['SPO2_LOW']);
    expect(codes({ systolic: 150 }, intra, tight)).toEqual(['BP_RISE']);
  });
});
