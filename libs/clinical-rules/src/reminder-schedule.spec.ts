import { describe, expect, it } from '@jest/globals';
import { assessmentDueTimes, followUpTime, sessionReminderTimes, zonedTime } from './reminder-schedule';

describe('reminder times (SPEC §2)', () => {
  it('session reminders: the check-in 48 h before, the appointment 24 h and 2 h before', () => {
    const at = new Date('2030-05-01T14:00:00Z');
    expect(sessionReminderTimes(at).map((r) => [r.kind, r.dueAt.toISOString()])).toEqual([
      ['assessment_due', '2030-04-29T14:00:00.000Z'],
      ['session_upcoming_24h', '2030-04-30T14:00:00.000Z'],
      ['session_upcoming_2h', '2030-05-01T12:00:00.000Z'],
    ]);
  });

  it('PHQ-9 due 1, 4, 12 and 26 weeks after the first dose', () => {
    const dose = new Date('2030-01-01T09:00:00Z');
    expect(assessmentDueTimes(dose).map((d) => [d.week, d.dueAt.toISOString()])).toEqual([
      [1, '2030-01-08T09:00:00.000Z'],
      [4, '2030-01-29T09:00:00.000Z'],
      [12, '2030-03-26T09:00:00.000Z'],
      [26, '2030-07-02T09:00:00.000Z'],
    ]);
  });

  it('follow-up the next local day at 10:00, across time zones and daylight-saving changes', () => {
    // 23:30 in New York on 2030-03-09 (04:30 UTC on the 10th); DST starts on the 10th: 10:00 EDT = 14:00 UTC.
    expect(followUpTime(new Date('2030-03-10T04:30:00Z'), 'America/New_York').toISOString()).toBe(
      '2030-03-10T14:00:00.000Z',
    );
    expect(followUpTime(new Date('2030-07-01T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2030-07-02T08:00:00.000Z',
    );
    expect(followUpTime(new Date('2030-07-01T23:30:00Z'), 'UTC').toISOString()).toBe(
      '2030-07-02T10:00:00.000Z',
    );
    expect(zonedTime(2030, 11, 3, 10, 'America/New_York').toISOString()).toBe('2030-11-03T15:00:00.000Z');
  });
});
