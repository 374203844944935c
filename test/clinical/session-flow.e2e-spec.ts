import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TestApp } from '../support/app';
import { ago, ClinicalSteps } from '../support/clinical';
import { TestContext, TestUser } from '../support/factories';

describe('a session from screening to discharge, as a clinician would run it', () => {
  let t: TestApp;
  let ctx: TestContext;
  let steps: ClinicalSteps;
  let clinician: TestUser;
  let supervisor: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
    steps = new ClinicalSteps(t);
    ({ clinician, supervisor } = await ctx.newClinicTeam());
  });
  afterAll(() => t.close());

  it('screens, holds, overrides, doses, flags a spike, reviews and discharges', async () => {
    const patient = await ctx.newPatient(clinician);
    const intake = await steps.intake(clinician, patient.id, { performedAt: ago(300) });
    expect(intake).toMatchObject({ eligibility: 'eligible', reasons: [], cssrsRisk: 'none' });
    expect(intake.phq9).toMatchObject({ totalScore: 16, severity: 'moderately_severe' });
    expect(intake.gad7).toMatchObject({ totalScore: 7, severity: 'mild' });

    const session = await steps.session(clinician, patient.id, { scheduledAt: ago(200) });
    expect(session).toMatchObject({ sessionNumber: 1, status: 'scheduled', route: 'IV', weightKg: 70 });

    // Pre-dose BP 150/85: BP_ELEVATED_PREDOSE holds dosing.
    const pre = await steps
      .vitals(clinician, session.id, { takenAt: ago(150), systolic: 150, diastolic: 85 })
      .expect(201);
    expect(pre.body.flags).toEqual([
      expect.objectContaining({
        code: 'BP_ELEVATED_PREDOSE',
        severity: 'warning',
        blocksDosing: true,
        status: 'open',
      }),
    ]);
    const held = await steps.dose(clinician, session.id, { administeredAt: ago(145) }).expect(409);
    expect(held.body.code).toBe('SESSION_HELD');
    await steps.post(clinician, `/sessions/${session.id}/hold-override`, { reason: 'x' }).expect(403);
    const override = await steps
      .post(supervisor, `/sessions/${session.id}/hold-override`, { reason: 'White-coat pattern, rechecked' })
      .expect(200);
    expect(override.body.held).toBe(false);
    expect(override.body.holdOverride).toMatchObject({ by: supervisor.id });

    const dose = await steps
      .dose(clinician, session.id, { administeredAt: ago(140), doseMg: 35, lotNumber: 'LOT-1' })
      .expect(201);
    expect(dose.body).toMatchObject({ doseMg: 35, doseMgPerKg: 0.5, route: 'IV', flags: [] });

    // Spike during the session: rise over baseline and critical.
    const spike = await steps
      .vitals(clinician, session.id, {
        takenAt: ago(120),
        phase: 'intra',
        systolic: 192,
        diastolic: 100,
        heartRate: 118,
      })
      .expect(201);
    expect(spike.body.flags.map((f: { code: string }) => f.code).sort()).toEqual([
      'BP_CRITICAL',
      'BP_RISE',
      'HR_ABNORMAL',
    ]);
    const critical = spike.body.flags.find((f: { code: string }) => f.code === 'BP_CRITICAL');
    // A second out-of-range reading joins the open flag instead of opening another.
    const again = await steps
      .vitals(clinician, session.id, { takenAt: ago(110), phase: 'intra', systolic: 185, diastolic: 95 })
      .expect(201);
    expect(again.body.flags.find((f: { code: string }) => f.code === 'BP_CRITICAL').id).toBe(critical.id);
    const { rows } = await t.db.sql.query(`SELECT count(*)::int AS n FROM flag_readings WHERE flag_id = $1`, [
      critical.id,
    ]);
    expect(rows[0].n).toBe(2);

    // Discharge refused while the critical flag is open and without an escort.
    await steps
      .vitals(clinician, session.id, { takenAt: ago(5), phase: 'post_dose', systolic: 140, diastolic: 86 })
      .expect(201);
    const refused = await steps
      .post(clinician, `/sessions/${session.id}/complete`, { dischargedAt: ago(0), escortPresent: false })
      .expect(409);
    expect(refused.body.code).toBe('DISCHARGE_CRITERIA_UNMET');
    expect(refused.body.details.map((d: { criterion: string }) => d.criterion).sort()).toEqual([
      'ESCORT_PRESENT',
      'NO_OPEN_CRITICAL_FLAG',
    ]);

    // The supervisor's review queue shows it first; acknowledge then resolve.
    const queue = await steps
      .get(supervisor, `/flags?clinicId=${clinician.clinicIds[0]}&status=open`)
      .expect(200);
    expect(queue.body.items[0]).toMatchObject({ id: critical.id, severity: 'critical' });
    expect(queue.body.items[0].readings).toHaveLength(2);
    await steps.post(clinician, `/flags/${critical.id}/acknowledge`, {}).expect(403);
    await steps.post(supervisor, `/flags/${critical.id}/acknowledge`, { comment: 'At bedside' }).expect(200);
    await steps.post(supervisor, `/flags/${critical.id}/acknowledge`, {}).expect(409);
    await steps.post(supervisor, `/flags/${critical.id}/resolve`, {}).expect(400);
    const resolved = await steps
      .post(supervisor, `/flags/${critical.id}/resolve`, { comment: 'Settled after rest' })
      .expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: supervisor.id });

    const done = await steps
      .post(clinician, `/sessions/${session.id}/complete`, {
        dischargedAt: ago(0),
        escortPresent: true,
        cadssScore: 12,
      })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'completed', escortPresent: true, cadssScore: 12 });
    expect(done.body.discharge).toMatchObject({ escortPresent: true });

    const view = await steps.get(clinician, `/sessions/${session.id}`).expect(200);
    expect(view.body.doses).toHaveLength(1);
    expect(view.body.readings.map((r: { takenAt: string }) => r.takenAt)).toEqual(
      [...view.body.readings.map((r: { takenAt: string }) => r.takenAt)].sort(),
    );
    expect(view.body.flags.length).toBeGreaterThanOrEqual(4);
    const events = await t.db.sql.query(`SELECT job_name FROM outbox WHERE payload->>'flagId' = $1`, [
      critical.id,
    ]);
    expect(events.rows.map((r) => r.job_name)).toEqual(['FlagEscalate']);
  });
});
