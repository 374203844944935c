/**
 * When clinical facts may be recorded (SPEC §4): after the fact is fine, but a reading, dose,
 * assessment or discharge more than 5 minutes in the future is a typing error (clock skew allowed).
 */
export const FUTURE_TOLERANCE_MINUTES = 5;

/** Why `at` cannot be recorded, or null. `notBefore`: e.g. the performedAt of the session's intake. */
export function recordingTimeProblem(
  field: string,
  at: Date,
  now: Date,
  notBefore?: { at: Date | null; what: string },
): string | null {
  if (Number.isNaN(at.getTime())) return `${field} must be an ISO 8601 time`;
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MINUTES * 60_000)
    return `${field} may not be more than ${FUTURE_TOLERANCE_MINUTES} minutes in the future`;
  if (notBefore?.at && at.getTime() < notBefore.at.getTime())
    return `${field} may not be before ${notBefore.what} (${notBefore.at.toISOString()})`;
  return null;
}
