/** The dosing session state machine (SPEC §2). */
export type SessionStatus = 'scheduled' | 'in_progress' | 'completed' | 'cancelled' | 'aborted';
export type SessionAction =
  | 'reschedule'
  | 'record_vitals'
  | 'dose'
  | 'hold_override'
  | 'adverse_event'
  | 'complete'
  | 'cancel'
  | 'abort';

/** In which states each action is allowed; everything else is a 409 naming the current state. */
export const SESSION_ACTIONS: Record<SessionAction, readonly SessionStatus[]> = {
  reschedule: ['scheduled'],
  record_vitals: ['scheduled', 'in_progress'],
  dose: ['scheduled', 'in_progress'],
  hold_override: ['scheduled', 'in_progress'],
  // Reactions are often reported after the fact, so a finished session still takes them.
  adverse_event: ['in_progress', 'completed', 'aborted'],
  complete: ['in_progress'],
  cancel: ['scheduled'],
  abort: ['in_progress'],
};

export function actionAllowed(action: SessionAction, status: SessionStatus): boolean {
  return SESSION_ACTIONS[action].includes(status);
}
