import { describe, expect, it } from '@jest/globals';
import {
  AGE_BANDS,
  ageBand,
  ageBandSql,
  isSmallCell,
  suppressDimension,
  timelinePointsFor,
  TIMELINE_POINTS,
  wilsonInterval,
} from './outcome-statistics';

describe('Wilson 95 % interval', () => {
  it.each([
    // Hand-computed: p = x/n, centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·√(p(1-p)/n + z²/4n²).
    [6, 12, 0.2538, 0.7462],
    [0, 12, 0, 0.2425],
    [12, 12, 0.7575, 1],
    [81, 263, 0.2553, 0.3662],
    [1, 1, 0.2065, 1],
  ])('%i of %i: [%f, %f]', (x, n, low, high) => {
    const ci = wilsonInterval(x, n)!;
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it('is null without patients and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
  });
});

describe('age bands (CLINICAL-RULES.md §8)', () => {
  it.each([
    [17, 'under 18'],
    [18, '18-24'],
    [24, '18-24'],
    [25, '25-34'],
    [64, '55-64'],
    [65, '65-89'],
    [89, '65-89'],
    [90, '90+'],
    [104, '90+'],
  ])('%i → %s', (age, band) => expect(ageBand(age)).toBe(band));

  it('the SQL CASE has one branch per band, 90+ open-ended', () => {
    const sql = ageBandSql('age');
    expect(sql).toContain(`WHEN age >= 90 THEN '90+'`);
    expect(sql).toContain(`WHEN age BETWEEN 65 AND 89 THEN '65-89'`);
    expect(sql.match(/WHEN/g)).toHaveLength(AGE_BANDS.length);
  });
});

describe('timeline windows (CLINICAL-RULES.md §1)', () => {
  it('has the points 0, 1, 2, 4, 8, 12, 26 with their tolerances', () => {
    expect(TIMELINE_POINTS.map((p) => [p.week, p.toleranceDays])).toEqual([
      [0, null],
      [1, 3],
      [2, 3],
      [4, 7],
      [8, 7],
      [12, 14],
      [26, 30],
    ]);
  });

  it.each([
    [4, [1]],
    [3.9, []],
    [10, [1]],
    [11, [2]],
    [17.5, []],
    [21, [4]],
    [63, [8]],
    [64, []],
    [70, [12]],
    [98, [12]],
    [152, [26]],
    [213, []],
  ])('a PHQ-9 %f days after the first dose stands for week(s) %j', (days, weeks) =>
    expect(timelinePointsFor(days)).toEqual(weeks),
  );
});

describe('small-cell suppression (CMS, CLINICAL-RULES.md §8)', () => {
  it('hides counts 1 to 10, never 0 or 11+', () => {
    expect([0, 1, 10, 11].map((c) => isSmallCell(c))).toEqual([false, true, true, false]);
  });

  it('hides the next-smallest non-zero cell when exactly one is hidden (the total would reveal it)', () => {
    expect(suppressDimension([40, 3, 25, 12])).toEqual([false, true, false, true]);
    // A zero does not protect anything: the next-smallest non-zero is chosen.
    expect(suppressDimension([40, 3, 0, 25])).toEqual([false, true, false, true]);
  });

  it('leaves two or more hidden cells as they are, and nothing when none is small', () => {
    expect(suppressDimension([40, 3, 5, 12])).toEqual([false, true, true, false]);
    expect(suppressDimension([40, 11, 0])).toEqual([false, false, false]);
  });

  it('counts cells hidden for another reason (a whole group suppressed) as hidden', () => {
    expect(suppressDimension([40, 30, 12], [false, true, false])).toEqual([false, true, true]);
    expect(suppressDimension([40, 30, 12], [false, true, true])).toEqual([false, true, true]);
  });

  it('no hidden cell can be derived from the shown ones and the total', () => {
    const cells = [17, 2, 13, 30, 11];
    const hidden = suppressDimension(cells);
    const total = cells.reduce((a, b) => a + b, 0);
    const shown = cells.reduce((a, c, i) => a + (hidden[i] ? 0 : c), 0);
    expect(hidden.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(total - shown).toBe(2 + 11);
  });
});
