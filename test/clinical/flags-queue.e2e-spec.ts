import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AssessmentsService } from '../../libs/assessments/src';
import { startTestApp, TestApp } from '../support/app';
import { ago, ClinicalSteps } from '../support/clinical';
import { TestContext, TestUser } from '../support/factories';

describe('the flag review queue', () => {
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

  it('orders open first, critical first, newest first; filters; pages with a cursor', async () => {
    const patient = await ctx.newPatient(clinician);
    const s = await steps.readySession(clinician, patient.id);
    const hr = (await steps.vitals(clinician, s.id, { takenAt: ago(20), heartRate: 115 }).expect(201)).body
      .flags[0];
    const spo2 = (await steps.vitals(clinician, s.id, { takenAt: ago(15), spo2: 88 }).expect(201)).body.flags;
    const low = spo2.find((f: { code: string }) => f.code === 'SPO2_LOW');
    const crit = spo2.find((f: { code: string }) => f.code === 'SPO2_CRITICAL');
    const rr = (await steps.vitals(clinician, s.id, { takenAt: ago(10), respiratoryRate: 8 }).expect(201))
      .body.flags[0];
    await steps.post(supervisor, `/flags/${hr.id}/acknowledge`, {}).expect(200);

    const all = await steps.get(clinician, `/flags?patientId=${patient.id}`).expect(200);
    expect(all.body.items.map((f: { id: string }) => f.id)).toEqual([crit.id, rr.id, low.id, hr.id]);
    expect(all.body.items[0]).toMatchObject({
      patientId: patient.id,
      sessionId: s.id,
      blocksDosing: false,
      readings: [expect.objectContaining({ spo2: 88 })],
    });

    const critical = await steps
      .get(supervisor, `/flags?patientId=${patient.id}&severity=critical`)
      .expect(200);
    expect(critical.body.items.map((f: { id: string }) => f.id)).toEqual([crit.id]);
    const acknowledged = await steps
      .get(supervisor, `/flags?patientId=${patient.id}&status=acknowledged`)
      .expect(200);
    expect(acknowledged.body.items.map((f: { id: string }) => f.id)).toEqual([hr.id]);

    const first = await steps.get(supervisor, `/flags?patientId=${patient.id}&limit=2`).expect(200);
    const second = await steps
      .get(supervisor, `/flags?patientId=${patient.id}&limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect([...first.body.items, ...second.body.items].map((f: { id: string }) => f.id)).toEqual([
      crit.id,
      rr.id,
      low.id,
      hr.id,
    ]);
    expect(second.body.nextCursor).toBeNull();

    await steps.get(supervisor, `/flags?severity=urgent`).expect(400);
    await steps.get(supervisor, `/flags?status=closed`).expect(400);
  });

  it('a second out-of-range reading joins the open flag; after resolution a new flag opens', async () => {
    const patient = await ctx.newPatient(clinician);
    const s = await steps.readySession(clinician, patient.id);
    const { rows } = await t.db.sql.query(`SELECT count(*)::int AS n FROM flags WHERE session_id = $1`, [
      s.id,
    ]);
    expect(rows[0].n).toBe(0);
    const first = await steps.vitals(clinician, s.id, { heartRate: 45 }).expect(201);
    const second = await steps.vitals(clinician, s.id, { heartRate: 112 }).expect(201);
    expect(second.body.flags[0].id).toBe(first.body.flags[0].id);
    const flag = await steps.get(supervisor, `/flags/${first.body.flags[0].id}`).expect(200);
    expect(flag.body.readings).toHaveLength(2);
    await steps
      .post(supervisor, `/flags/${flag.body.id}/resolve`, { comment: 'Normal for this patient' })
      .expect(200);
    const third = await steps.vitals(clinician, s.id, { heartRate: 113 }).expect(201);
    expect(third.body.flags[0].id).not.toBe(first.body.flags[0].id);
  });

  it('AssessmentsService.record scores, stores and raises item 9; a worse answer joins the session flag and makes it critical', async () => {
    const patient = await ctx.newPatient(clinician);
    const s = await steps.readySession(clinician, patient.id);
    const assessments = t.app.get(AssessmentsService);
    const record = (item9: number) =>
      t.app.get(DataSource).transaction((m) =>
        assessments.record(m, {
          clinicId: patient.clinicId,
          patientId: patient.id,
          instrument: 'PHQ9',
          answers: [1, 1, 1, 1, 1, 0, 0, 0, item9],
          administeredAt: new Date(),
          context: 'pre_session',
          sessionId: s.id,
          createdBy: clinician.id,
        }),
      );
    const first = await record(1);
    expect(first).toMatchObject({
      totalScore: 6,
      severity: 'mild',
      flags: [{ code: 'PHQ9_ITEM9_POSITIVE', severity: 'warning', joined: false }],
    });
    const second = await record(3);
    expect(second.flags[0]).toMatchObject({ id: first.flags[0].id, severity: 'critical', joined: true });
    const { rows } = await t.db.sql.query(`SELECT count(*)::int AS n FROM outbox WHERE job_id = $1`, [
      `FlagEscalate-${first.flags[0].id}`,
    ]);
    expect(rows[0].n).toBe(1);
    await expect(record(4)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const stored = await t.db.sql.query(`SELECT count(*)::int AS n FROM assessments WHERE session_id = $1`, [
      s.id,
    ]);
    expect(stored.rows[0].n).toBe(2);
  });
});
