import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { followUpTime } from '../../libs/clinical-rules/src';
import { startTestApp, TestApp } from '../support/app';
import { ago, ClinicalSteps } from '../support/clinical';
import { TestContext, TestUser } from '../support/factories';

const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000);

/** Reminders made by the clinical API's own writes (sessions, doses, discharge), in their transactions. */
describe('reminders follow the clinical record', () => {
  let t: TestApp;
  let ctx: TestContext;
  let steps: ClinicalSteps;
  let clinician: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
    steps = new ClinicalSteps(t);
    ({ clinician } = await ctx.newClinicTeam());
  });
  afterAll(() => t.close());

  const remindersOf = async (patientId: string) =>
    (
      await t.db.sql.query(
        `SELECT id, kind, status, status_reason, revision, due_at, session_id FROM reminders WHERE patient_id = $1 ORDER BY due_at, kind`,
        [patientId],
      )
    ).rows;

  it('scheduling, rescheduling and cancelling a session through the API schedule, move and cancel its reminders', async () => {
    const patient = await ctx.newPatient(clinician);
    await steps.intake(clinician, patient.id);
    const at = inHours(72);
    const session = await steps.session(clinician, patient.id, { scheduledAt: at.toISOString() });
    let rows = await remindersOf(patient.id);
    expect(rows.map((r) => [r.kind, r.status, r.session_id, r.due_at.getTime()])).toEqual([
      ['assessment_due', 'scheduled', session.id, at.getTime() - 48 * 3600_000],
      ['session_upcoming_24h', 'scheduled', session.id, at.getTime() - 24 * 3600_000],
      ['session_upcoming_2h', 'scheduled', session.id, at.getTime() - 2 * 3600_000],
    ]);
    const jobs = await t.db.sql.query(
      `SELECT job_id FROM outbox WHERE job_name = 'ReminderSend' AND payload->>'reminderId' = ANY($1)`,
      [rows.map((r) => r.id)],
    );
    expect(jobs.rows).toHaveLength(3);

    const later = inHours(96);
    await t
      .http()
      .patch(`/api/v1/sessions/${session.id}`)
      .set('Authorization', clinician.auth)
      .send({ scheduledAt: later.toISOString() })
      .expect(200);
    rows = await remindersOf(patient.id);
    expect(rows.map((r) => [r.kind, r.status, r.revision, r.due_at.getTime()])).toEqual([
      ['assessment_due', 'scheduled', 2, later.getTime() - 48 * 3600_000],
      ['session_upcoming_24h', 'scheduled', 2, later.getTime() - 24 * 3600_000],
      ['session_upcoming_2h', 'scheduled', 2, later.getTime() - 2 * 3600_000],
    ]);

    await steps.post(clinician, `/sessions/${session.id}/cancel`, { reason: 'patient unwell' }).expect(200);
    rows = await remindersOf(patient.id);
    expect(rows.map((r) => [r.status, r.status_reason])).toEqual([
      ['cancelled', 'SESSION_CANCELLED'],
      ['cancelled', 'SESSION_CANCELLED'],
      ['cancelled', 'SESSION_CANCELLED'],
    ]);
    const list = await t
      .http()
      .get(`/api/v1/reminders?patientId=${patient.id}&status=cancelled`)
      .set('Authorization', clinician.auth)
      .expect(200);
    expect(list.body.items).toHaveLength(3);
  });

  it('the first dose schedules the PHQ-9 reminders and the discharge the next-day follow-up; a past session gets none', async () => {
    const patient = await ctx.newPatient(clinician);
    await steps.intake(clinician, patient.id, { performedAt: ago(300) });
    const session = await steps.session(clinician, patient.id, { scheduledAt: ago(200) });
    await steps.vitals(clinician, session.id, { takenAt: ago(150) }).expect(201);
    const doseAt = ago(140);
    await steps.dose(clinician, session.id, { administeredAt: doseAt, doseMg: 35 }).expect(201);
    await steps.vitals(clinician, session.id, { takenAt: ago(5), phase: 'post_dose' }).expect(201);
    await steps
      .post(clinician, `/sessions/${session.id}/complete`, { dischargedAt: ago(0), escortPresent: true })
      .expect(200);

    const rows = await remindersOf(patient.id);
    const byKind = (kind: string) => rows.filter((r) => r.kind === kind);
    // Recorded after the fact: the appointment reminders were already past, so none is sent.
    expect(byKind('session_upcoming_24h').map((r) => [r.status, r.status_reason])).toEqual([
      ['skipped', 'PAST_DUE'],
    ]);
    expect(byKind('session_upcoming_2h').map((r) => [r.status, r.status_reason])).toEqual([
      ['skipped', 'PAST_DUE'],
    ]);
    const weeks = byKind('assessment_due').filter((r) => r.session_id === null);
    expect(weeks.map((r) => [r.status, r.due_at.getTime()])).toEqual(
      [1, 4, 12, 26].map((w) => ['scheduled', Date.parse(doseAt) + w * 7 * 86_400_000]),
    );
    const clinic = await t.db.sql.query(`SELECT time_zone FROM clinics WHERE id = $1`, [patient.clinicId]);
    const [{ completed_at: completedAt }] = (
      await t.db.sql.query(`SELECT discharged_at AS completed_at FROM dosing_sessions WHERE id = $1`, [
        session.id,
      ])
    ).rows;
    expect(byKind('integration_follow_up').map((r) => [r.status, r.due_at.toISOString()])).toEqual([
      ['scheduled', followUpTime(completedAt, clinic.rows[0].time_zone).toISOString()],
    ]);
  });

  it('a patient without consent gets reminder rows marked skipped, and no jobs', async () => {
    const patient = await ctx.newPatient(clinician, { reminderConsent: false });
    await steps.intake(clinician, patient.id);
    await steps.session(clinician, patient.id, { scheduledAt: inHours(72).toISOString() });
    const rows = await remindersOf(patient.id);
    expect(rows.map((r) => [r.status, r.status_reason])).toEqual([
      ['skipped', 'NO_CONSENT'],
      ['skipped', 'NO_CONSENT'],
      ['skipped', 'NO_CONSENT'],
    ]);
    const jobs = await t.db.sql.query(`SELECT 1 FROM outbox WHERE payload->>'reminderId' = ANY($1)`, [
      rows.map((r) => r.id),
    ]);
    expect(jobs.rowCount).toBe(0);
  });
});
