import { describe, expect, it } from '@jest/globals';
import { REMINDER_KINDS } from './http/reminder.dto';
import { reminderMessage } from './reminder-messages';

describe('reminder messages', () => {
  it.each(REMINDER_KINDS)('%s: first name and clinic only, nothing clinical', (kind) => {
    const { subject, text } = reminderMessage({
      kind,
      givenName: '  Mary Ann ',
      clinicName: 'Harbor Clinic',
      timeZone: 'Europe/Berlin',
      eventAt: new Date('2030-06-03T08:00:00Z'),
    });
    const all = `${subject}\n${text}`;
    expect(text.startsWith('Hello Mary,')).toBe(true);
    expect(all).toContain('Harbor Clinic');
    expect(all).not.toContain('Ann');
    expect(all).not.toMatch(
      /ketamine|esketamine|dose|dosing|phq|gad|depress|ptsd|suicid|score|therapy|treatment|session/i,
    );
  });

  it('appointment reminders give the local time of the clinic', () => {
    const { text } = reminderMessage({
      kind: 'session_upcoming_24h',
      givenName: 'Mary',
      clinicName: 'Harbor Clinic',
      timeZone: 'Europe/Berlin',
      eventAt: new Date('2030-06-03T08:00:00Z'),
    });
    expect(text).toContain('on Monday, June 3, 2030 at 10:00 AM GMT+2');
  });
});
