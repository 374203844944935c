import { describe, expect, it } from '@jest/globals';
import { actionAllowed, SESSION_ACTIONS, SessionStatus } from './session-states';

const ALL: SessionStatus[] = ['scheduled', 'in_progress', 'completed', 'cancelled', 'aborted'];

describe('session state machine (SPEC §2)', () => {
  it.each([
    ['cancel', ['scheduled']],
    ['abort', ['in_progress']],
    ['complete', ['in_progress']],
    ['dose', ['scheduled', 'in_progress']],
    ['record_vitals', ['scheduled', 'in_progress']],
    ['reschedule', ['scheduled']],
  ] as const)('%s only in %j', (action, allowed) => {
    for (const status of ALL)
      expect(actionAllowed(action, status)).toBe((allowed as readonly string[]).includes(status));
  });

  it('nothing but adverse events reaches a finished session', () => {
    for (const [action, states] of Object.entries(SESSION_ACTIONS)) {
      if (action === 'adverse_event') continue;
      expect(states).not.toContain('completed');
      expect(states).not.toContain('cancelled');
      expect(states).not.toContain('aborted');
    }
  });
});
