import { describe, expect, it } from '@jest/globals';
import { checkClinicSettings, defaultClinicSettings, effectiveClinicSettings } from './clinic-settings';

describe('clinic settings: tighten, never loosen', () => {
  it('defaults come from CLINICAL-RULES.md', () => {
    expect(defaultClinicSettings()).toMatchObject({
      predoseSystolic: 140,
      predoseDiastolic: 90,
      criticalSystolic: 180,
      criticalDiastolic: 110,
      riseSystolic: 40,
      riseDiastolic: 25,
      heartRateHigh: 110,
      heartRateLow: 50,
      heartRateCritical: 150,
      spo2Low: 92,
      spo2Critical: 90,
      respiratoryRateLow: 10,
      respiratoryRateHigh: 30,
      escalationDelaySeconds: 600,
      dischargeObservationMinutes: 60,
    });
  });

  it('accepts the default itself and anything tighter within the typing-error bound', () => {
    expect(checkClinicSettings({ predoseSystolic: 140, spo2Low: 92 })).toEqual([]);
    expect(
      checkClinicSettings({ predoseSystolic: 130, heartRateLow: 55, spo2Low: 95, escalationDelaySeconds: 1 }),
    ).toEqual([]);
    expect(checkClinicSettings({ dischargeObservationMinutes: 90 })).toEqual([]);
  });

  it.each([
    ['predoseSystolic', 141],
    ['criticalDiastolic', 111],
    ['heartRateLow', 49],
    ['spo2Low', 91],
    ['spo2Critical', 89],
    ['respiratoryRateLow', 9],
    ['escalationDelaySeconds', 601],
    ['dischargeObservationMinutes', 59],
  ])('refuses %s = %d as looser than the default', (key, value) => {
    const [problem] = checkClinicSettings({ [key]: value });
    expect(problem.field).toBe(`settings.${key}`);
    expect(problem.messages[0]).toMatch(/not loosened/);
  });

  it('refuses unknown keys, non-numbers and values past the typing-error bound', () => {
    expect(
      checkClinicSettings({ colour: 1, predoseSystolic: '130', spo2Low: 99 }).map((p) => p.field),
    ).toEqual(['settings.colour', 'settings.predoseSystolic', 'settings.spo2Low']);
  });

  it('null returns a setting to its default', () => {
    expect(checkClinicSettings({ predoseSystolic: null })).toEqual([]);
    expect(effectiveClinicSettings({ spo2Low: 95 }).spo2Low).toBe(95);
    expect(effectiveClinicSettings({}).spo2Low).toBe(92);
  });
});
