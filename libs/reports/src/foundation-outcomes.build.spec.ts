import { describe, expect, it } from '@jest/globals';
import { FoundationOutcomesService } from './foundation-outcomes.service';

type Row = Parameters<FoundationOutcomesService['build']>[1][number];

const row = (key: string | null, o: Partial<Row> = {}): Row => ({
  key,
  enrolled: 30,
  treated: 30,
  sessions: 90,
  baseline_n: 30,
  baseline_mean: 16,
  baseline_sd: 4,
  latest_n: 30,
  latest_mean: 8,
  latest_sd: 5,
  change_n: 30,
  change_mean: -8,
  rate_n: 30,
  responders: 15,
  remitters: 6,
  item9: 12,
  ...o,
});

const service = new FoundationOutcomesService({} as never);
const build = (rows: Row[]) =>
  service.build({ from: null, to: null, groupBy: 'clinic' }, rows, [], new Date('2030-01-01T00:00:00Z'));

describe('foundation outcome suppression (CLINICAL-RULES.md §8)', () => {
  it('a single small count in a measure hides the next-smallest of that measure too, not the whole group', () => {
    const out = build([
      row('A', { rate_n: 4, responders: 2, remitters: 1 }),
      row('B', { rate_n: 20 }),
      row('C', { rate_n: 14 }),
      row(null, { enrolled: 90, rate_n: 38 }),
    ]);
    const [a, b, c] = out.groups;
    expect(a.responseRate).toEqual({ value: null, ciLow: null, ciHigh: null, n: null });
    expect(c.responseRate).toEqual({ value: null, ciLow: null, ciHigh: null, n: null });
    expect(b.responseRate.n).toBe(20);
    expect([a.suppressed, b.suppressed, c.suppressed]).toEqual([true, false, true]);
    // The groups themselves (30 patients each) stay visible.
    expect(out.groups.map((g) => g.patientsEnrolled)).toEqual([30, 30, 30]);
    expect(out.total.responseRate.n).toBe(38);
  });

  it('a zero is shown; a small total is hidden with all its statistics', () => {
    const out = build([row('A', { item9: 0 }), row(null, { enrolled: 7, treated: 7, item9: 0 })]);
    expect(out.groups[0].item9FlaggedShare).toBe(0);
    expect(out.total).toMatchObject({
      suppressed: true,
      patientsEnrolled: null,
      phq9: { baselineMean: null },
    });
  });

  it('means of fewer than 11 contributors are hidden even in a large group', () => {
    const out = build([row('A', { latest_n: 9, change_n: 9 }), row(null)]);
    expect(out.groups[0].phq9).toEqual({
      baselineMean: 16,
      baselineSd: 4,
      latestMean: null,
      latestSd: null,
      meanChange: null,
    });
    expect(out.groups[0].suppressed).toBe(true);
  });
});
