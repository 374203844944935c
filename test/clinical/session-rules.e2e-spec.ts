import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { ago, ClinicalSteps } from '../support/clinical';
import { TestContext, TestUser } from '../support/factories';

describe('dosing session rules through HTTP', () => {
  let t: TestApp;
  let ctx: TestContext;
  let steps: ClinicalSteps;
  let clinician: TestUser;
  let supervisor: TestUser;
  const ready = async (overrides: Record<string, unknown> = {}) => {
    const patient = await ctx.newPatient(clinician);
    return steps.readySession(clinician, patient.id, overrides);
  };
  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
    steps = new ClinicalSteps(t);
    ({ clinician, supervisor } = await ctx.newClinicTeam());
  });
  afterAll(() => t.close());

  it('numbers sessions per patient and lists them', async () => {
    const patient = await ctx.newPatient(clinician);
    const first = await steps.readySession(clinician, patient.id);
    const second = await steps.session(clinician, patient.id);
    expect([first.sessionNumber, second.sessionNumber]).toEqual([1, 2]);
    const list = await steps.get(clinician, `/patients/${patient.id}/sessions?limit=1`).expect(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([first.id]);
    const next = await steps
      .get(clinician, `/patients/${patient.id}/sessions?limit=1&cursor=${list.body.nextCursor}`)
      .expect(200);
    expect(next.body.items.map((s: { id: string }) => s.id)).toEqual([second.id]);
  });

  it('PREDOSE_VITALS_REQUIRED without a pre_dose reading in the 60 minutes before the dose', async () => {
    const s = await ready();
    const none = await steps.dose(clinician, s.id).expect(409);
    expect(none.body.code).toBe('PREDOSE_VITALS_REQUIRED');
    await steps.vitals(clinician, s.id, { takenAt: ago(61) }).expect(201);
    expect((await steps.dose(clinician, s.id, { administeredAt: ago(0) }).expect(409)).body.code).toBe(
      'PREDOSE_VITALS_REQUIRED',
    );
    await steps.vitals(clinician, s.id, { takenAt: ago(60), phase: 'intra' }).expect(201);
    expect((await steps.dose(clinician, s.id).expect(409)).body.code).toBe('PREDOSE_VITALS_REQUIRED');
    // Exactly 60 minutes before the dose counts.
    const at = new Date(Date.now() - 90 * 60_000);
    await steps.vitals(clinician, s.id, { takenAt: at.toISOString() }).expect(201);
    await steps
      .dose(clinician, s.id, { administeredAt: new Date(at.getTime() + 60 * 60_000).toISOString() })
      .expect(201);
  });

  it('doses: mg/kg, 400 above the hard limit, a warning flag above the usual range, in_progress after the first', async () => {
    const s = await ready();
    await steps.vitals(clinician, s.id).expect(201);
    const over = await steps.dose(clinician, s.id, { doseMg: 106 }).expect(400);
    expect(over.body.details[0].field).toBe('doseMg');
    const high = await steps.dose(clinician, s.id, { doseMg: 71 }).expect(201);
    expect(high.body.doseMgPerKg).toBeCloseTo(1.0143, 4);
    expect(high.body.flags).toEqual([
      expect.objectContaining({ code: 'DOSE_ABOVE_USUAL_RANGE', severity: 'warning' }),
    ]);
    // The session total counts: 71 + 35 = 106 mg > 1.5 mg/kg × 70 kg.
    expect((await steps.dose(clinician, s.id, { doseMg: 35 }).expect(400)).body.details[0].field).toBe(
      'doseMg',
    );
    await steps.dose(clinician, s.id, { doseMg: 10, route: 'IM' }).expect(400);
    const view = await steps.get(clinician, `/sessions/${s.id}`).expect(200);
    expect(view.body).toMatchObject({
      status: 'in_progress',
      doses: [expect.objectContaining({ doseMg: 71 })],
    });
    expect(view.body.startedAt).not.toBeNull();
    const { rows } = await t.db.sql.query(`SELECT count(*)::int AS n FROM doses WHERE session_id = $1`, [
      s.id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('intranasal esketamine only in devices of 28 mg, up to 84 mg', async () => {
    const s = await ready({ route: 'INTRANASAL', plannedDoseMg: 56 });
    await steps.vitals(clinician, s.id).expect(201);
    await steps.dose(clinician, s.id, { doseMg: 30 }).expect(400);
    await steps.dose(clinician, s.id, { doseMg: 56 }).expect(201);
    await steps.dose(clinician, s.id, { doseMg: 28 }).expect(201);
    await steps.dose(clinician, s.id, { doseMg: 28 }).expect(400);
  });

  it.each([
    ['systolic', { systolic: 301 }],
    ['diastolic', { systolic: 120, diastolic: 120 }],
    ['heartRate', { heartRate: 19 }],
    ['spo2', { spo2: 49 }],
    ['respiratoryRate', { respiratoryRate: 61 }],
    ['takenAt', { takenAt: ago(-6) }],
    ['phase', { phase: 'during' }],
    ['extra', { extra: 1 }],
  ])('a reading is refused with 400 naming %s, and nothing stored', async (field, overrides) => {
    const s = await ready();
    const res = await steps.vitals(clinician, s.id, overrides).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    const { rows } = await t.db.sql.query(
      `SELECT count(*)::int AS n FROM vitals_readings WHERE session_id = $1`,
      [s.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it("a reading or dose before the session's intake is refused; 4 minutes ahead is accepted", async () => {
    const patient = await ctx.newPatient(clinician);
    await steps.intake(clinician, patient.id, { performedAt: ago(120) });
    const s = await steps.session(clinician, patient.id);
    const early = await steps.vitals(clinician, s.id, { takenAt: ago(121) }).expect(400);
    expect(early.body.details[0].field).toBe('takenAt');
    await steps.vitals(clinician, s.id, { takenAt: ago(-4) }).expect(201);
    expect(
      (await steps.dose(clinician, s.id, { administeredAt: ago(125) }).expect(400)).body.details[0].field,
    ).toBe('administeredAt');
    expect(
      (await steps.dose(clinician, s.id, { administeredAt: ago(-6) }).expect(400)).body.details[0].field,
    ).toBe('administeredAt');
  });

  it('409 on every illegal transition, naming the current state', async () => {
    const s = await ready();
    const complete = await steps
      .post(clinician, `/sessions/${s.id}/complete`, { dischargedAt: ago(0), escortPresent: true })
      .expect(409);
    expect(complete.body).toMatchObject({ code: 'INVALID_SESSION_STATE', details: { status: 'scheduled' } });
    expect(complete.body.message).toContain('scheduled');
    await steps.post(clinician, `/sessions/${s.id}/abort`, { reason: 'x' }).expect(409);
    await steps.post(supervisor, `/sessions/${s.id}/hold-override`, { reason: 'nothing held' }).expect(409);
    const moved = await t
      .http()
      .patch(`/api/v1/sessions/${s.id}`)
      .set('Authorization', clinician.auth)
      .send({ scheduledAt: ago(-120) })
      .expect(200);
    expect(Date.parse(moved.body.scheduledAt)).toBeGreaterThan(Date.now());
    const cancelled = await steps
      .post(clinician, `/sessions/${s.id}/cancel`, { reason: 'Patient unwell' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    await steps.post(clinician, `/sessions/${s.id}/cancel`, {}).expect(409);
    await steps.vitals(clinician, s.id).expect(409);
    await steps.dose(clinician, s.id).expect(409);
    await t
      .http()
      .patch(`/api/v1/sessions/${s.id}`)
      .set('Authorization', clinician.auth)
      .send({ scheduledAt: ago(-60) })
      .expect(409);

    const dosed = await ready();
    await steps.vitals(clinician, dosed.id).expect(201);
    await steps.dose(clinician, dosed.id).expect(201);
    expect(
      (await steps.post(clinician, `/sessions/${dosed.id}/cancel`, {}).expect(409)).body.details.status,
    ).toBe('in_progress');
    await steps.post(clinician, `/sessions/${dosed.id}/abort`, {}).expect(400);
    const aborted = await steps
      .post(clinician, `/sessions/${dosed.id}/abort`, { reason: 'Severe anxiety' })
      .expect(200);
    expect(aborted.body).toMatchObject({ status: 'aborted', abortReason: 'Severe anxiety' });
    await steps
      .post(clinician, `/sessions/${dosed.id}/complete`, { dischargedAt: ago(0), escortPresent: true })
      .expect(409);
  });

  it('a correction is a new reading naming the one it replaces; the replaced pre-dose reading no longer counts', async () => {
    const s = await ready();
    const wrong = await steps.vitals(clinician, s.id, { takenAt: ago(10) }).expect(201);
    const fixed = await steps
      .vitals(clinician, s.id, { takenAt: ago(10), phase: 'intra', replacesReadingId: wrong.body.reading.id })
      .expect(201);
    expect(fixed.body.reading.replacesReadingId).toBe(wrong.body.reading.id);
    await steps.vitals(clinician, s.id, { replacesReadingId: wrong.body.reading.id }).expect(409);
    expect((await steps.dose(clinician, s.id).expect(409)).body.code).toBe('PREDOSE_VITALS_REQUIRED');
    const view = await steps.get(clinician, `/sessions/${s.id}`).expect(200);
    expect(view.body.readings).toHaveLength(2);
    expect(view.body.readings.find((r: { id: string }) => r.id === wrong.body.reading.id).replacedBy).toBe(
      fixed.body.reading.id,
    );
    await expect(
      t.db.sql.query(`UPDATE vitals_readings SET systolic = 100 WHERE id = $1`, [wrong.body.reading.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('a severe adverse event raises a critical flag that holds dosing until resolved', async () => {
    const s = await ready();
    await steps.vitals(clinician, s.id).expect(201);
    await steps.dose(clinician, s.id, { doseMg: 20 }).expect(201);
    const mild = await steps
      .post(clinician, `/sessions/${s.id}/adverse-events`, {
        occurredAt: ago(0),
        kind: 'NAUSEA',
        severity: 'mild',
      })
      .expect(201);
    expect(mild.body.flags).toEqual([]);
    const severe = await steps
      .post(clinician, `/sessions/${s.id}/adverse-events`, {
        occurredAt: ago(0),
        kind: 'AGITATION',
        severity: 'severe',
        actionTaken: 'midazolam',
      })
      .expect(201);
    expect(severe.body.flags).toEqual([
      expect.objectContaining({ code: 'ADVERSE_EVENT_SEVERE', severity: 'critical', blocksDosing: true }),
    ]);
    await steps.vitals(clinician, s.id).expect(201);
    expect((await steps.dose(clinician, s.id, { doseMg: 10 }).expect(409)).body.code).toBe('SESSION_HELD');
    await steps
      .post(supervisor, `/flags/${severe.body.flags[0].id}/resolve`, { comment: 'Settled' })
      .expect(200);
    await steps.dose(clinician, s.id, { doseMg: 10 }).expect(201);
    await steps
      .post(clinician, `/sessions/${s.id}/adverse-events`, {
        occurredAt: ago(0),
        kind: 'NAUSEA',
        severity: 'extreme',
      })
      .expect(400);
  });

  it('a blocking flag raised after an override holds the session again', async () => {
    const s = await ready();
    await steps.vitals(clinician, s.id, { systolic: 150 }).expect(201);
    await steps
      .post(supervisor, `/sessions/${s.id}/hold-override`, { reason: 'Rechecked manually' })
      .expect(200);
    await steps.vitals(clinician, s.id, { systolic: 190 }).expect(201);
    const held = await steps.dose(clinician, s.id).expect(409);
    expect(held.body).toMatchObject({
      code: 'SESSION_HELD',
      details: { flags: [expect.objectContaining({ code: 'BP_CRITICAL_PREDOSE' })] },
    });
  });

  it('two doses posted at once on a held session never both pass', async () => {
    const s = await ready();
    await steps.vitals(clinician, s.id, { systolic: 150 }).expect(201);
    const held = await Promise.all([
      steps.dose(clinician, s.id, { doseMg: 70 }),
      steps.dose(clinician, s.id, { doseMg: 70 }),
    ]);
    expect(held.map((r) => r.status)).toEqual([409, 409]);
    await steps.post(supervisor, `/sessions/${s.id}/hold-override`, { reason: 'Rechecked' }).expect(200);
    // Each dose alone is within 1.5 mg/kg; both together are not: the row lock lets exactly one through.
    const raced = await Promise.all([
      steps.dose(clinician, s.id, { doseMg: 70 }),
      steps.dose(clinician, s.id, { doseMg: 70 }),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 400]);
    const { rows } = await t.db.sql.query(`SELECT count(*)::int AS n FROM doses WHERE session_id = $1`, [
      s.id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it("another clinic's sessions, readings and flags answer 404 and never appear", async () => {
    const s = await ready();
    const reading = await steps.vitals(clinician, s.id, { systolic: 150 }).expect(201);
    const other = await ctx.newClinicTeam();
    await steps.get(other.clinician, `/sessions/${s.id}`).expect(404);
    await steps.vitals(other.clinician, s.id).expect(404);
    await steps.dose(other.clinician, s.id).expect(404);
    await steps.post(other.supervisor, `/sessions/${s.id}/hold-override`, { reason: 'x' }).expect(404);
    await steps.post(other.supervisor, `/flags/${reading.body.flags[0].id}/acknowledge`, {}).expect(404);
    await steps.get(other.supervisor, `/flags/${reading.body.flags[0].id}`).expect(404);
    await steps.get(other.supervisor, `/flags?clinicId=${clinician.clinicIds[0]}`).expect(404);
    const theirs = await steps.get(other.supervisor, `/flags`).expect(200);
    expect(theirs.body.items).toEqual([]);
  });

  it("uses the clinic's tightened thresholds; a looser one is refused with 400", async () => {
    const admin = await ctx.admin();
    const team = await ctx.newClinicTeam();
    const patch = (settings: Record<string, number>) =>
      t.http().patch(`/api/v1/clinics/${team.clinic.id}`).set('Authorization', admin.auth).send({ settings });
    const looser = await patch({ predoseSystolic: 150 }).expect(400);
    expect(JSON.stringify(looser.body.details)).toContain('predoseSystolic');
    await patch({ predoseSystolic: 130, heartRateHigh: 100 }).expect(200);
    const patient = await ctx.newPatient(team.clinician);
    const s = await steps.readySession(team.clinician, patient.id);
    expect((await steps.vitals(team.clinician, s.id, { systolic: 130 }).expect(201)).body.flags).toEqual([]);
    const raised = await steps.vitals(team.clinician, s.id, { systolic: 131, heartRate: 101 }).expect(201);
    expect(raised.body.flags.map((f: { code: string }) => f.code)).toEqual([
      'BP_ELEVATED_PREDOSE',
      'HR_ABNORMAL',
    ]);
  });

  it('GET /sessions/:id costs the same number of queries for 1 reading as for 12 (no N+1)', async () => {
    const small = await ready();
    await steps.vitals(clinician, small.id, { systolic: 150 }).expect(201);
    const big = await ready();
    for (let i = 0; i < 12; i++)
      await steps
        .vitals(clinician, big.id, { takenAt: ago(40 - i), systolic: 150 + i, heartRate: i === 0 ? 115 : 72 })
        .expect(201);
    await steps.post(supervisor, `/sessions/${big.id}/hold-override`, { reason: 'ok' }).expect(200);
    await steps.dose(clinician, big.id).expect(201);
    await steps
      .post(clinician, `/sessions/${big.id}/adverse-events`, {
        occurredAt: ago(0),
        kind: 'NAUSEA',
        severity: 'mild',
      })
      .expect(201);
    const ds = t.app.get(DataSource);
    const runner = ds.createQueryRunner();
    const spy = jest.spyOn(Object.getPrototypeOf(runner) as { query: () => Promise<unknown> }, 'query');
    await runner.release();
    const count = async (id: string) => {
      spy.mockClear();
      const res = await steps.get(clinician, `/sessions/${id}`).expect(200);
      return { queries: spy.mock.calls.length, body: res.body };
    };
    const a = await count(small.id);
    const b = await count(big.id);
    spy.mockRestore();
    expect(b.body.readings).toHaveLength(12);
    expect(b.body.flags.length).toBeGreaterThan(1);
    expect(b.body.doses).toHaveLength(1);
    expect(b.body.adverseEvents).toHaveLength(1);
    expect(a.queries).toBeGreaterThan(0);
    expect(b.queries).toBe(a.queries);
  });

  it('a retried reading with the same Idempotency-Key answers the first result and stores one row', async () => {
    const s = await ready();
    const body = { takenAt: ago(2), phase: 'pre_dose', systolic: 150, diastolic: 80, heartRate: 70 };
    const send = (b: object) =>
      t
        .http()
        .post(`/api/v1/sessions/${s.id}/vitals`)
        .set('Authorization', clinician.auth)
        .set('Idempotency-Key', `vit-${s.id}`)
        .send(b);
    const first = await send(body).expect(201);
    const again = await send(body).expect(201);
    expect(again.body.reading.id).toBe(first.body.reading.id);
    await send({ ...body, systolic: 151 }).expect(409);
    const { rows } = await t.db.sql.query(
      `SELECT count(*)::int AS n FROM vitals_readings WHERE session_id = $1`,
      [s.id],
    );
    expect(rows[0].n).toBe(1);
  });
});
