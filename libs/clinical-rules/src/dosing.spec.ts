import { describe, expect, it } from '@jest/globals';
import { aboveUsualRange, doseLimitProblem, DoseInput, mgPerKg } from './dosing';

const d = (o: Partial<DoseInput>): DoseInput => ({
  route: 'IV',
  doseMg: 35,
  weightKg: 70,
  priorSessionMg: 0,
  ...o,
});

describe('hard limits (CLINICAL-RULES.md §7), per session', () => {
  it.each([
    ['IV', 105, null],
    ['IV', 105.01, /1.5 mg\/kg/],
    ['IM', 140, null],
    ['IM', 140.01, /2 mg\/kg/],
    ['SUBLINGUAL', 800, null],
    ['SUBLINGUAL', 801, /800 mg/],
    ['ORAL', 800, null],
    ['ORAL', 800.5, /800 mg/],
  ] as const)('%s %d mg at 70 kg: %s', (route, doseMg, problem) => {
    const result = doseLimitProblem(d({ route, doseMg }));
    if (problem) expect(result).toMatch(problem);
    else expect(result).toBeNull();
  });

  it('IV counts every dose of the session together', () => {
    expect(doseLimitProblem(d({ doseMg: 35, priorSessionMg: 70 }))).toBeNull();
    expect(doseLimitProblem(d({ doseMg: 36, priorSessionMg: 70 }))).toMatch(/total 106/);
  });

  it.each([
    [28, 0, null],
    [56, 0, null],
    [84, 0, null],
    [27, 0, /28, 56, 84/],
    [29, 0, /28, 56, 84/],
    [112, 0, /28, 56, 84/],
    [28, 56, null],
    [28, 84, /above 84/],
  ])('INTRANASAL %i mg after %i mg: %s', (doseMg, priorSessionMg, problem) => {
    const result = doseLimitProblem(d({ route: 'INTRANASAL', doseMg, priorSessionMg }));
    if (problem) expect(result).toMatch(problem);
    else expect(result).toBeNull();
  });
});

describe('usual ranges: above them a DOSE_ABOVE_USUAL_RANGE warning', () => {
  it.each([
    ['IV', 70, false],
    ['IV', 70.5, true],
    ['IM', 70, false],
    ['IM', 71, true],
    ['SUBLINGUAL', 400, false],
    ['SUBLINGUAL', 401, true],
    ['ORAL', 400, false],
    ['ORAL', 450, true],
    ['INTRANASAL', 84, false],
  ] as const)('%s %d mg at 70 kg above usual: %s', (route, doseMg, above) => {
    expect(aboveUsualRange(d({ route, doseMg }))).toBe(above);
  });

  it('counts the session total', () => {
    expect(aboveUsualRange(d({ doseMg: 35, priorSessionMg: 35 }))).toBe(false);
    expect(aboveUsualRange(d({ doseMg: 36, priorSessionMg: 35 }))).toBe(true);
  });
});

describe('mg/kg', () => {
  it('is derived from the weight', () => {
    expect(mgPerKg(35, 70)).toBe(0.5);
    expect(mgPerKg(50, 72.5)).toBe(0.6897);
  });
});
