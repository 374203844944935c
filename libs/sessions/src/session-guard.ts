import { DomainError, fieldError } from '@kap/core';
import { actionAllowed, recordingTimeProblem, SESSION_ACTIONS } from '@kap/clinical-rules';
import type { DoseRoute, SessionAction, SessionStatus } from '@kap/clinical-rules';
import type { EntityManager } from 'typeorm';

export interface LockedSession {
  id: string;
  clinic_id: string;
  patient_id: string;
  status: SessionStatus;
  route: DoseRoute;
  weight_kg: string;
  scheduled_at: Date;
  started_at: Date | null;
  hold_override_at: Date | null;
  intake_performed_at: Date | null;
}

/**
 * Reads the session FOR UPDATE: every change to a session (a dose, a reading, an override, a state
 * change) is serialised on its row, so two doses posted at once on a held session never both pass.
 */
export async function lockSession(m: EntityManager, clinicId: string, id: string): Promise<LockedSession> {
  const rows: LockedSession[] = await m.query(
    `SELECT s.id, s.clinic_id, s.patient_id, s.status, s.route, s.weight_kg, s.scheduled_at, s.started_at,
            s.hold_override_at, i.performed_at AS intake_performed_at
       FROM dosing_sessions s LEFT JOIN intakes i ON i.id = s.intake_id
      WHERE s.clinic_id = $1 AND s.id = $2 FOR UPDATE OF s`,
    [clinicId, id],
  );
  if (!rows[0]) throw DomainError.notFound('session');
  return rows[0];
}

/** 409 naming the current state when the action is not allowed in it. */
export function assertAction(session: LockedSession, action: SessionAction): void {
  if (actionAllowed(action, session.status)) return;
  throw DomainError.conflict(
    'INVALID_SESSION_STATE',
    `The session is ${session.status}: ${action.replace('_', ' ')} needs a session that is ${SESSION_ACTIONS[action].join(' or ')}`,
    { status: session.status, action, allowedIn: SESSION_ACTIONS[action] },
  );
}

/** Not more than 5 minutes in the future, and not before the session's intake. */
export function assertRecordedTime(field: string, at: Date, session: LockedSession): void {
  const problem = recordingTimeProblem(field, at, new Date(), {
    at: session.intake_performed_at,
    what: "the session's intake",
  });
  if (problem) throw fieldError(field, problem);
}

/**
 * The patient's most recent intake governs (SPEC §2): it must be eligible or supervisor-approved.
 * Answers that intake's id.
 */
export async function assertEligibleIntake(
  m: EntityManager,
  clinicId: string,
  patientId: string,
): Promise<string> {
  const [latest]: { id: string; eligibility: string; review_decision: string | null }[] = await m.query(
    `SELECT id, eligibility, review_decision FROM intakes WHERE clinic_id = $1 AND patient_id = $2
      ORDER BY performed_at DESC, created_at DESC LIMIT 1`,
    [clinicId, patientId],
  );
  const ok =
    latest &&
    (latest.eligibility === 'eligible' ||
      (latest.eligibility === 'needs_review' && latest.review_decision === 'approved'));
  if (!ok)
    throw DomainError.conflict(
      'NO_ELIGIBLE_INTAKE',
      latest
        ? `The patient's most recent intake is ${latest.review_decision ?? latest.eligibility}: it must be eligible or approved by a supervisor`
        : 'The patient has no intake screening: screen first',
      latest
        ? { intakeId: latest.id, eligibility: latest.eligibility, review: latest.review_decision }
        : undefined,
    );
  return latest.id;
}
