import { describe, expect, it } from '@jest/globals';
import { DischargeInput, unmetDischargeCriteria } from './discharge';

const t0 = new Date('2026-11-27T12:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);
const ok: DischargeInput = {
  route: 'IV',
  firstDoseAt: t0,
  dischargedAt: at(60),
  lastReading: { phase: 'post_dose', takenAt: at(50), systolic: 120, diastolic: 80, spo2: 97 },
  predose: { systolic: 120, diastolic: 80 },
  openCriticalFlags: [],
  escortPresent: true,
  settings: { dischargeObservationMinutes: 60 },
};
const unmet = (o: Partial<DischargeInput>) => unmetDischargeCriteria({ ...ok, ...o }).map((u) => u.criterion);

describe('discharge criteria (CLINICAL-RULES.md §6)', () => {
  it('all met: nothing unmet', () => expect(unmet({})).toEqual([]));

  it('observation: 60 minutes by default for IV, at the edge', () => {
    expect(unmet({ dischargedAt: at(59), lastReading: { ...ok.lastReading!, takenAt: at(55) } })).toEqual([
      'OBSERVATION_TIME',
    ]);
    expect(unmet({ dischargedAt: at(60) })).toEqual([]);
  });

  it("observation: the clinic's longer setting", () => {
    expect(unmet({ settings: { dischargeObservationMinutes: 90 } })).toEqual(['OBSERVATION_TIME']);
  });

  it('observation: 120 minutes for INTRANASAL whatever the setting', () => {
    const r = { ...ok.lastReading!, takenAt: at(115) };
    expect(unmet({ route: 'INTRANASAL', dischargedAt: at(119), lastReading: r })).toEqual([
      'OBSERVATION_TIME',
    ]);
    expect(unmet({ route: 'INTRANASAL', dischargedAt: at(120), lastReading: r })).toEqual([]);
  });

  it('no dose: observation unmet', () => expect(unmet({ firstDoseAt: null })).toEqual(['OBSERVATION_TIME']));

  it('last reading within 15 minutes, in post_dose or discharge', () => {
    expect(unmet({ lastReading: { ...ok.lastReading!, takenAt: at(45) } })).toEqual([]);
    expect(unmet({ lastReading: { ...ok.lastReading!, takenAt: at(44) } })).toEqual([
      'DISCHARGE_READING',
      'BP_WITHIN_20_PERCENT',
      'SPO2_ABOVE_92',
    ]);
    expect(unmet({ lastReading: { ...ok.lastReading!, phase: 'discharge' } })).toEqual([]);
    expect(unmet({ lastReading: { ...ok.lastReading!, phase: 'intra' } })).toContain('DISCHARGE_READING');
    expect(unmet({ lastReading: null })).toContain('DISCHARGE_READING');
  });

  it.each([
    [144, 80, true],
    [145, 80, false],
    [96, 80, true],
    [95, 80, false],
    [120, 96, true],
    [120, 97, false],
    [120, 64, true],
    [120, 63, false],
  ])('BP %i/%i against 120/80 within ±20 %%: %s', (systolic, diastolic, within) => {
    const result = unmet({ lastReading: { ...ok.lastReading!, systolic, diastolic } });
    expect(result.includes('BP_WITHIN_20_PERCENT')).toBe(!within);
  });

  it('no pre-dose reading: BP cannot be compared', () =>
    expect(unmet({ predose: null })).toEqual(['BP_WITHIN_20_PERCENT']));

  it.each([
    [93, true],
    [92, false],
    [null, false],
  ])('SpO2 %s above 92: %s', (spo2, met) => {
    expect(unmet({ lastReading: { ...ok.lastReading!, spo2 } }).includes('SPO2_ABOVE_92')).toBe(!met);
  });

  it('an unresolved critical flag and a missing escort are each named', () => {
    const result = unmetDischargeCriteria({
      ...ok,
      openCriticalFlags: ['BP_CRITICAL'],
      escortPresent: false,
    });
    expect(result.map((u) => u.criterion)).toEqual(['NO_OPEN_CRITICAL_FLAG', 'ESCORT_PRESENT']);
    expect(result[0].message).toContain('BP_CRITICAL');
  });
});
