/**
 * When patient reminders are due (SPEC §2 Reminders). Times are instants (UTC); the follow-up is placed
 * at a civil hour of the clinic's time zone.
 */
export type ReminderKind =
  'session_upcoming_24h' | 'session_upcoming_2h' | 'assessment_due' | 'integration_follow_up';

export const REMINDER_RULES = {
  sessionUpcoming: [
    /**
     * "Assessment due ... before each session" (SPEC §2): a check-in reminder two days ahead, so that
     * the PHQ-9 can be done before the visit and does not arrive together with the 24 h reminder.
     */
    { kind: 'assessment_due', hoursBefore: 48 },
    { kind: 'session_upcoming_24h', hoursBefore: 24 },
    { kind: 'session_upcoming_2h', hoursBefore: 2 },
  ],
  /** PHQ-9 due 1, 4, 12 and 26 weeks after the first dose (SPEC §2; CLINICAL-RULES.md §1 timeline points). */
  assessmentDueWeeks: [1, 4, 12, 26],
  /** An assessment reminder is skipped when a PHQ-9 was taken this recently (the week-1 window is ±3 days). */
  assessmentDoneWithinDays: 3,
  /** Integration follow-up the day after a completed session, at 10:00 clinic time (a civil hour). */
  followUp: { daysAfter: 1, localHour: 10 },
  source: 'SPEC.md §2 Reminders',
} as const;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function sessionReminderTimes(scheduledAt: Date): { kind: ReminderKind; dueAt: Date }[] {
  return REMINDER_RULES.sessionUpcoming.map((r) => ({
    kind: r.kind,
    dueAt: new Date(scheduledAt.getTime() - r.hoursBefore * HOUR),
  }));
}

export function assessmentDueTimes(firstDoseAt: Date): { week: number; dueAt: Date }[] {
  return REMINDER_RULES.assessmentDueWeeks.map((week) => ({
    week,
    dueAt: new Date(firstDoseAt.getTime() + week * 7 * DAY),
  }));
}

/** The parts of an instant's wall-clock time in a time zone. */
function zonedParts(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
function zoneOffset(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at which the wall clock of `timeZone` shows the given local date and hour. */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  let instant = guess - zoneOffset(new Date(guess), timeZone);
  // Once more at the found instant: right across a daylight-saving change.
  instant = guess - zoneOffset(new Date(instant), timeZone);
  return new Date(instant);
}

export function followUpTime(completedAt: Date, timeZone: string): Date {
  const local = zonedParts(completedAt, timeZone);
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day + REMINDER_RULES.followUp.daysAfter));
  return zonedTime(
    next.getUTCFullYear(),
    next.getUTCMonth() + 1,
    next.getUTCDate(),
    REMINDER_RULES.followUp.localHour,
    timeZone,
  );
}
