import { describe, expect, it } from '@jest/globals';
import { derivePhq9Outcome, selectPhq9Outcome, weeksSince } from './patient-outcomes';

const at = (iso: string) => new Date(iso);
const dose = at('2026-03-01T10:00:00Z');
const now = at('2026-04-12T09:00:00Z');
const p = (iso: string, totalScore: number, extra: { createdAt?: string; id?: string } = {}) => ({
  totalScore,
  administeredAt: at(iso),
  createdAt: extra.createdAt ? at(extra.createdAt) : undefined,
  id: extra.id,
});

const outcome = (baseline: number | null, latest: number | null, firstDoseAt: Date | null = dose) =>
  derivePhq9Outcome({
    firstDoseAt,
    baseline: baseline === null ? null : { totalScore: baseline, administeredAt: at('2026-02-28T10:00:00Z') },
    latest: latest === null ? null : { totalScore: latest, administeredAt: at('2026-04-05T10:00:00Z') },
    now,
  });

describe('baseline and follow-up selection (CLINICAL-RULES.md §1)', () => {
  it('takes the last PHQ-9 at or before the first dose as baseline and the last after it as follow-up', () => {
    const { baseline, latest } = selectPhq9Outcome(
      [
        p('2026-02-01T10:00:00Z', 22),
        p('2026-02-27T10:00:00Z', 18),
        p('2026-03-08T10:00:00Z', 12),
        p('2026-04-05T10:00:00Z', 7),
      ],
      dose,
    );
    expect(baseline?.totalScore).toBe(18);
    expect(latest?.totalScore).toBe(7);
  });

  it('counts a PHQ-9 given exactly at the first dose as baseline, one a millisecond later as follow-up', () => {
    const exactly = p('2026-03-01T10:00:00.000Z', 16);
    const justAfter = p('2026-03-01T10:00:00.001Z', 15);
    expect(selectPhq9Outcome([exactly, justAfter], dose)).toEqual({ baseline: exactly, latest: justAfter });
  });

  it('has no baseline when every PHQ-9 is after the first dose, and no follow-up when all are before', () => {
    expect(selectPhq9Outcome([p('2026-03-02T10:00:00Z', 9)], dose).baseline).toBeNull();
    expect(selectPhq9Outcome([p('2026-02-02T10:00:00Z', 9)], dose).latest).toBeNull();
  });

  it('has neither before a first dose', () => {
    expect(selectPhq9Outcome([p('2026-02-02T10:00:00Z', 9)], null)).toEqual({ baseline: null, latest: null });
  });

  it('breaks a tie in administered time by the later recorded, then by id', () => {
    const first = p('2026-02-27T10:00:00Z', 20, { createdAt: '2026-02-27T10:05:00Z', id: 'b' });
    const second = p('2026-02-27T10:00:00Z', 17, { createdAt: '2026-02-27T10:06:00Z', id: 'a' });
    expect(selectPhq9Outcome([second, first], dose).baseline).toBe(second);
    const sameRecord = p('2026-04-01T10:00:00Z', 6, { createdAt: '2026-04-01T10:05:00Z', id: 'b' });
    const other = p('2026-04-01T10:00:00Z', 8, { createdAt: '2026-04-01T10:05:00Z', id: 'c' });
    expect(selectPhq9Outcome([other, sameRecord], dose).latest).toBe(other);
  });
});

describe('outcome definitions', () => {
  it('response at exactly 50 %, not above; remission below 5; meaningful improvement at a 5-point drop', () => {
    expect(outcome(20, 10)).toMatchObject({ change: -10, percentChange: -50, response: true });
    expect(outcome(20, 11)).toMatchObject({ response: false, percentChange: -45 });
    expect(outcome(9, 4)).toMatchObject({ remission: true, meaningfulImprovement: true, response: true });
    expect(outcome(9, 5)).toMatchObject({ remission: false, meaningfulImprovement: false, response: false });
    expect(outcome(15, 10)).toMatchObject({ meaningfulImprovement: true, response: false, remission: false });
    expect(outcome(15, 11)).toMatchObject({ meaningfulImprovement: false });
  });

  it('reports a worsening as a positive change', () => {
    expect(outcome(12, 18)).toMatchObject({
      change: 6,
      percentChange: 50,
      response: false,
      remission: false,
    });
  });

  it('rounds percent change to one decimal', () => {
    expect(outcome(3, 2).percentChange).toBe(-33.3);
    expect(outcome(7, 2).percentChange).toBe(-71.4);
  });

  it('leaves response and percent change null for a baseline of 0 (nothing to halve)', () => {
    expect(outcome(0, 0)).toMatchObject({
      change: 0,
      percentChange: null,
      response: null,
      remission: true,
      meaningfulImprovement: false,
    });
  });

  it('without a baseline: only remission (from the follow-up) and the weeks can be derived', () => {
    expect(outcome(null, 4)).toMatchObject({
      baseline: null,
      change: null,
      percentChange: null,
      response: null,
      remission: true,
      meaningfulImprovement: null,
      weeksSinceFirstDose: 5,
    });
  });

  it('without a follow-up: nothing but the baseline and the weeks', () => {
    expect(outcome(18, null)).toMatchObject({
      baseline: { totalScore: 18 },
      latest: null,
      change: null,
      percentChange: null,
      response: null,
      remission: null,
      meaningfulImprovement: null,
    });
  });

  it('without a first dose: no weeks', () => {
    expect(outcome(null, null, null)).toMatchObject({ firstDoseAt: null, weeksSinceFirstDose: null });
  });
});

describe('weeks since first dose: floor(days / 7)', () => {
  it.each([
    ['2026-03-01T10:00:00Z', 0],
    ['2026-03-08T09:59:59Z', 0],
    ['2026-03-08T10:00:00Z', 1],
    ['2026-03-14T23:00:00Z', 1],
    ['2026-03-15T10:00:00Z', 2],
  ])('at %s: %i', (iso, weeks) => {
    expect(weeksSince(dose, at(iso))).toBe(weeks);
  });

  it('is null for no dose or a dose later than now', () => {
    expect(weeksSince(null, now)).toBeNull();
    expect(weeksSince(at('2026-05-01T00:00:00Z'), now)).toBeNull();
  });
});
