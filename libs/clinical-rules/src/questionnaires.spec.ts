import { describe, expect, it } from '@jest/globals';
import { answersProblem, item9Flag, scoreAssessment, severityOf } from './questionnaires';

/** n answers adding up to total, item 9 kept at 0 unless the total needs it. */
const answers = (n: number, total: number) =>
  Array.from({ length: n }, (_, i) => Math.max(0, Math.min(3, total - i * 3)));

describe('PHQ-9 severity bands (Kroenke 2001), at every edge', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately_severe'],
    [19, 'moderately_severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])('total %i is %s', (total, severity) => {
    expect(scoreAssessment('PHQ9', answers(9, total))).toMatchObject({ totalScore: total, severity });
  });

  it('never calls 5–9 moderate (a peer system does)', () => {
    for (let t = 5; t <= 9; t++) expect(severityOf('PHQ9', t)).toBe('mild');
  });
});

describe('GAD-7 severity bands (Spitzer 2006)', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])('total %i is %s', (total, severity) => {
    expect(scoreAssessment('GAD7', answers(7, total))).toMatchObject({
      totalScore: total,
      severity,
      item9: null,
    });
  });
});

describe('answer sets that are refused, never scored', () => {
  it.each([
    ['PHQ9', [0, 0, 0, 0, 0, 0, 0, 0], /exactly 9/],
    ['PHQ9', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], /exactly 9/],
    ['GAD7', [0, 0, 0, 0, 0, 0], /exactly 7/],
    ['PHQ9', [0, 0, 0, 0, 4, 0, 0, 0, 0], /answer 5/],
    ['PHQ9', [0, 0, 0, -1, 0, 0, 0, 0, 0], /answer 4/],
    ['PHQ9', [0, 1.5, 0, 0, 0, 0, 0, 0, 0], /answer 2/],
    ['GAD7', [0, 0, 0, 0, 0, 0, '1'], /answer 7/],
    ['PHQ9', null, /list/],
  ] as const)('%s %j', (instrument, given, message) => {
    expect(answersProblem(instrument, given)).toMatch(message);
    expect(() => scoreAssessment(instrument, given as unknown as number[])).toThrow(RangeError);
  });

  it('accepts exactly N integers 0–3', () => {
    expect(answersProblem('PHQ9', [3, 3, 3, 3, 3, 3, 3, 3, 3])).toBeNull();
    expect(answersProblem('GAD7', [0, 0, 0, 0, 0, 0, 0])).toBeNull();
  });
});

describe('PHQ-9 item 9 flag', () => {
  it('raises nothing at 0, a warning at 1, critical at 2 and 3', () => {
    expect(item9Flag(0)).toBeNull();
    expect(item9Flag(null)).toBeNull();
    expect(item9Flag(1)).toMatchObject({
      code: 'PHQ9_ITEM9_POSITIVE',
      severity: 'warning',
      blocksDosing: false,
    });
    expect(item9Flag(2)).toMatchObject({ severity: 'critical' });
    expect(item9Flag(3)).toMatchObject({ severity: 'critical' });
  });

  it('scores item 9 from the ninth answer', () => {
    expect(scoreAssessment('PHQ9', [0, 0, 0, 0, 0, 0, 0, 0, 2]).item9).toBe(2);
  });
});
