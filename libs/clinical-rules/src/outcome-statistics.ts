/**
 * The pure parts of the foundation outcomes report (SPEC §3; CLINICAL-RULES.md §1 and §8): confidence
 * intervals, age bands, the PHQ-9 timeline windows and small-cell suppression. The report's SQL and its
 * builder use these tables, so that each rule lives in one place.
 */

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion (Wilson 1927; recommended over the Wald interval for small n
 * and rates near 0 or 1: Brown, Cai & DasGupta, Stat Sci 2001). Null when n is 0.
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): { low: number; high: number } | null {
  if (n <= 0) return null;
  if (successes < 0 || successes > n) throw new RangeError('successes must be between 0 and n');
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Age bands of CLINICAL-RULES.md §8 (Safe Harbor: ages over 89 only as "90+"). Under 18 is kept as its
 * own band so that no patient disappears from the totals.
 */
export const AGE_BANDS: { label: string; min: number; max: number | null }[] = [
  { label: 'under 18', min: 0, max: 17 },
  { label: '18-24', min: 18, max: 24 },
  { label: '25-34', min: 25, max: 34 },
  { label: '35-44', min: 35, max: 44 },
  { label: '45-54', min: 45, max: 54 },
  { label: '55-64', min: 55, max: 64 },
  { label: '65-89', min: 65, max: 89 },
  { label: '90+', min: 90, max: null },
];

export function ageBand(age: number): string {
  const band = AGE_BANDS.find((b) => age >= b.min && (b.max === null || age <= b.max));
  return band ? band.label : AGE_BANDS[0].label;
}

/** The same bands as a SQL CASE over an integer age expression (so grouping happens in SQL). */
export function ageBandSql(ageExpr: string): string {
  const whens = AGE_BANDS.map((b) =>
    b.max === null
      ? `WHEN ${ageExpr} >= ${b.min} THEN '${b.label}'`
      : `WHEN ${ageExpr} BETWEEN ${b.min} AND ${b.max} THEN '${b.label}'`,
  );
  return `CASE ${whens.join(' ')} ELSE '${AGE_BANDS[0].label}' END`;
}

/**
 * Timeline points in weeks after the first dose with their windows (CLINICAL-RULES.md §1): per patient
 * and point, the PHQ-9 closest to the point inside its window. Week 0 is the baseline (the last PHQ-9
 * at or before the first dose).
 */
export const TIMELINE_POINTS: { week: number; toleranceDays: number | null }[] = [
  { week: 0, toleranceDays: null },
  { week: 1, toleranceDays: 3 },
  { week: 2, toleranceDays: 3 },
  { week: 4, toleranceDays: 7 },
  { week: 8, toleranceDays: 7 },
  { week: 12, toleranceDays: 14 },
  { week: 26, toleranceDays: 30 },
];

/** Which timeline point (if any) a PHQ-9 taken `days` after the first dose may stand for (the windows do not overlap). */
export function timelinePointsFor(days: number): number[] {
  return TIMELINE_POINTS.filter(
    (p) => p.toleranceDays !== null && Math.abs(days - p.week * 7) <= p.toleranceDays,
  ).map((p) => p.week);
}

/** Outcome thresholds of CLINICAL-RULES.md §1. */
export const OUTCOME_RULES = {
  /** Response: follow-up at most half the baseline. */
  responseRatio: 0.5,
  /** Remission: follow-up below 5. */
  remissionBelow: 5,
  /** Meaningful improvement: a drop of at least 5 points. */
  meaningfulDrop: 5,
  /** Rates use patients with baseline >= 10 and a follow-up (NQF 1884/1885, CMS159). */
  rateBaselineMin: 10,
  source: 'CLINICAL-RULES.md §1',
} as const;

/** CMS cell-size suppression (CLINICAL-RULES.md §8): counts 1-10 hidden; groups under 11 lose rates and means. */
export const SUPPRESSION_THRESHOLD = 11;

export function isSmallCell(count: number, threshold = SUPPRESSION_THRESHOLD): boolean {
  return count >= 1 && count < threshold;
}

/**
 * Which cells of one dimension (the groups of one measure, whose total is published) to hide.
 * Primary: every count from 1 to threshold - 1. Complementary: where exactly one cell is hidden, the
 * total would give it away, so the next-smallest non-zero shown cell is hidden too. `alreadyHidden`
 * marks cells hidden for another reason (a whole group suppressed), which count as hidden.
 */
export function suppressDimension(
  counts: number[],
  alreadyHidden: boolean[] = [],
  threshold = SUPPRESSION_THRESHOLD,
): boolean[] {
  const hidden = counts.map((c, i) => !!alreadyHidden[i] || isSmallCell(c, threshold));
  if (hidden.filter(Boolean).length === 1) {
    let next = -1;
    counts.forEach((c, i) => {
      if (!hidden[i] && c > 0 && (next === -1 || c < counts[next])) next = i;
    });
    if (next !== -1) hidden[next] = true;
  }
  return hidden;
}
