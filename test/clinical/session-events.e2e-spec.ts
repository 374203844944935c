import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainEvents } from '../../libs/core/src';
import type { DomainEventName } from '../../libs/core/src';
import { startTestApp, TestApp } from '../support/app';
import { ago, ClinicalSteps } from '../support/clinical';
import { TestContext, TestUser } from '../support/factories';

describe('domain events of sessions, emitted inside their transactions', () => {
  let t: TestApp;
  let ctx: TestContext;
  let steps: ClinicalSteps;
  let clinician: TestUser;
  const seen: { event: DomainEventName; payload: Record<string, unknown> }[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
    steps = new ClinicalSteps(t);
    ({ clinician } = await ctx.newClinicTeam());
    const events = t.app.get(DomainEvents);
    for (const event of [
      'session.scheduled',
      'session.rescheduled',
      'session.cancelled',
      'session.completed',
      'patient.first_dose',
      'flag.raised',
    ] as const) {
      events.on(event, async (_m, payload) => {
        seen.push({ event, payload: payload as unknown as Record<string, unknown> });
      });
    }
  });
  afterAll(() => t.close());

  it('scheduled, rescheduled, first dose (once per patient), completed, cancelled; none for a refused write', async () => {
    const patient = await ctx.newPatient(clinician);
    const s = await steps.readySession(clinician, patient.id, { scheduledAt: ago(180) });
    await t
      .http()
      .patch(`/api/v1/sessions/${s.id}`)
      .set('Authorization', clinician.auth)
      .send({ scheduledAt: ago(170) })
      .expect(200);
    await steps.vitals(clinician, s.id, { takenAt: ago(160) }).expect(201);
    await steps.dose(clinician, s.id, { administeredAt: ago(150), doseMg: 20 }).expect(201);
    await steps.dose(clinician, s.id, { administeredAt: ago(140), doseMg: 10 }).expect(201);
    await steps.vitals(clinician, s.id, { takenAt: ago(5), phase: 'discharge' }).expect(201);
    await steps
      .post(clinician, `/sessions/${s.id}/complete`, { dischargedAt: ago(0), escortPresent: true })
      .expect(200);
    const second = await steps.session(clinician, patient.id, { scheduledAt: ago(-600) });
    await steps.post(clinician, `/sessions/${second.id}/cancel`, {}).expect(200);
    await steps.post(clinician, `/sessions/${second.id}/cancel`, {}).expect(409);

    const mine = seen.filter((e) => e.payload.patientId === patient.id);
    expect(mine.map((e) => e.event)).toEqual([
      'session.scheduled',
      'session.rescheduled',
      'patient.first_dose',
      'session.completed',
      'session.scheduled',
      'session.cancelled',
    ]);
    expect(mine[2].payload).toMatchObject({ sessionId: s.id, clinicId: patient.clinicId });
    expect(Object.keys(mine[0].payload).sort()).toEqual([
      'clinicId',
      'patientId',
      'scheduledAt',
      'sessionId',
    ]);
  });
});
