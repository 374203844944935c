import { describe, expect, it } from '@jest/globals';
import { recordingTimeProblem } from './recording-times';

const now = new Date('2026-11-27T12:00:00Z');
const plus = (s: number) => new Date(now.getTime() + s * 1000);

describe('recording times (SPEC §4)', () => {
  it('accepts the past and up to 5 minutes ahead, refuses beyond', () => {
    expect(recordingTimeProblem('takenAt', plus(-86_400), now)).toBeNull();
    expect(recordingTimeProblem('takenAt', plus(300), now)).toBeNull();
    expect(recordingTimeProblem('takenAt', plus(301), now)).toMatch(/5 minutes in the future/);
  });

  it("refuses a time before the session's intake", () => {
    const intake = { at: plus(-3600), what: "the session's intake" };
    expect(recordingTimeProblem('takenAt', plus(-3601), now, intake)).toMatch(/before the session's intake/);
    expect(recordingTimeProblem('takenAt', plus(-3600), now, intake)).toBeNull();
  });
});
