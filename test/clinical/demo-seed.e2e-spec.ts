import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedIdentity } from '../../apps/api/src/demo/seed-identity';
import { seedPatients } from '../../apps/api/src/demo/seed-patients';
import { seedSessions } from '../../apps/api/src/demo/seed-sessions';
import { startTestApp, TestApp } from '../support/app';

describe('demo clinical data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has sessions in every state and readings raising every kind of flag, through the services', async () => {
    const identity = await seedIdentity(t.app);
    const patients = await seedPatients(t.app, identity);
    await seedSessions(t.app, identity, patients);
    const states = await t.db.sql.query(`SELECT DISTINCT status FROM dosing_sessions ORDER BY status`);
    expect(states.rows.map((r) => r.status)).toEqual([
      'aborted',
      'cancelled',
      'completed',
      'in_progress',
      'scheduled',
    ]);
    const codes = await t.db.sql.query(`SELECT DISTINCT code FROM flags ORDER BY code`);
    expect(codes.rows.map((r) => r.code)).toEqual([
      'ADVERSE_EVENT_SEVERE',
      'BP_CRITICAL',
      'BP_CRITICAL_PREDOSE',
      'BP_ELEVATED_PREDOSE',
      'BP_RISE',
      'DOSE_ABOVE_USUAL_RANGE',
      'HR_ABNORMAL',
      'HR_CRITICAL',
      'PHQ9_ITEM9_POSITIVE',
      'RR_ABNORMAL',
      'SPO2_CRITICAL',
      'SPO2_LOW',
      'SUICIDE_RISK_HIGH',
    ]);
    const eligibility = await t.db.sql.query(`SELECT DISTINCT eligibility FROM intakes ORDER BY eligibility`);
    expect(eligibility.rows.map((r) => r.eligibility)).toEqual(['eligible', 'ineligible', 'needs_review']);
  });
});
