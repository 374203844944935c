import { describe, expect, it } from '@jest/globals';
import { CssrsAnswers, cssrsRisk } from './cssrs';

const no: CssrsAnswers = { wishDead: false, suicidalThoughts: false, behavior: 'none' };

describe('C-SSRS screener triage (Columbia)', () => {
  it.each([
    ['all no', {}, 'none'],
    ['wish to be dead only', { wishDead: true }, 'low'],
    ['non-specific thoughts only', { suicidalThoughts: true }, 'low'],
    ['thoughts with a method', { suicidalThoughts: true, method: true }, 'moderate'],
    ['behaviour longer ago', { behavior: 'lifetime' }, 'moderate'],
    ['intent without a plan', { suicidalThoughts: true, intent: true }, 'high'],
    ['intent with a plan', { suicidalThoughts: true, plan: true }, 'high'],
    ['behaviour within 3 months', { behavior: 'past_3_months' }, 'high'],
    ['method and intent: the higher wins', { suicidalThoughts: true, method: true, intent: true }, 'high'],
  ] as const)('%s: %s', (_name, answers, risk) => {
    expect(cssrsRisk({ ...no, ...answers })).toBe(risk);
  });

  it('ignores questions 3–5 when question 2 is no (they are not asked)', () => {
    expect(cssrsRisk({ ...no, wishDead: true, method: true, intent: true, plan: true })).toBe('low');
    expect(cssrsRisk({ ...no, plan: true })).toBe('none');
  });
});
