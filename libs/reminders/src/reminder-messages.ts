import type { ReminderKind } from '@kap/clinical-rules';

export interface ReminderMessageInput {
  kind: ReminderKind;
  givenName: string;
  clinicName: string;
  timeZone: string;
  /** The appointment time, for session reminders. */
  eventAt: Date | null;
}

/** "Tuesday, December 1, 2026 at 10:00 AM EST" in the clinic's time zone. */
export function formatClinicTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

/**
 * The text a patient receives. Deliberately without clinical detail: no treatment, drug, diagnosis,
 * questionnaire name or score, only the first name, the clinic and the time (an e-mail may be read by
 * anyone who sees the inbox).
 */
export function reminderMessage(input: ReminderMessageInput): { subject: string; text: string } {
  const hello = `Hello ${input.givenName.trim().split(/\s+/)[0]},`;
  const sign = `\n\n${input.clinicName}\n\nYou receive this message because you agreed to reminders from ${input.clinicName}. To stop them, tell the clinic.`;
  switch (input.kind) {
    case 'session_upcoming_24h':
    case 'session_upcoming_2h':
      return {
        subject: `Appointment reminder from ${input.clinicName}`,
        text: `${hello}\n\nThis is a reminder that you have an appointment at ${input.clinicName} on ${formatClinicTime(input.eventAt!, input.timeZone)}.\n\nIf you cannot come, please call the clinic.${sign}`,
      };
    case 'assessment_due':
      return {
        subject: `A short check-in from ${input.clinicName}`,
        text: `${hello}\n\n${input.clinicName} would like you to complete a short check-in. Please use the link or the contact your clinic gave you, or call the clinic.${sign}`,
      };
    case 'integration_follow_up':
      return {
        subject: `Following up from ${input.clinicName}`,
        text: `${hello}\n\n${input.clinicName} would like to hear how you are doing after your recent visit. Please call the clinic to arrange your follow-up appointment.${sign}`,
      };
  }
}
