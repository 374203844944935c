import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyAuditChain } from '../../libs/audit/src';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { TestContext, TestUser } from '../support/factories';

describe('audit log', () => {
  let t: TestApp;
  let ctx: TestContext;
  let clinician: TestUser;
  let supervisor: TestUser;
  let clinicId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
    const team = await ctx.newClinicTeam();
    ({ clinician, supervisor } = team);
    clinicId = team.clinic.id;
  });
  afterAll(() => t.close());

  it('records reads and writes of patient data with ids only, never the content', async () => {
    const patient = await ctx.newPatient(clinician, { givenName: 'Ottoline', familyName: 'Vandermeer' });
    await t
      .http()
      .get(`/api/v1/patients/${patient.id}`)
      .set('Authorization', clinician.auth)
      .set('X-Request-Id', 'audit-read-1')
      .expect(200);
    await t
      .http()
      .patch(`/api/v1/patients/${patient.id}`)
      .set('Authorization', clinician.auth)
      .send({ phone: '+1 555 0199' })
      .expect(200);
    await t.http().get(`/api/v1/patients?q=Otto`).set('Authorization', clinician.auth).expect(200);
    const rows = (
      await t.db.sql.query(
        `SELECT action, outcome, actor_id, actor_role, resource_id, patient_id, clinic_id, request_id, status_code, details::text
           FROM audit_events WHERE patient_id = $1 OR details->'patientIds' ? $1::text ORDER BY seq`,
        [patient.id],
      )
    ).rows;
    expect(rows.map((r) => r.action)).toEqual([
      'patient.create',
      'patient.read',
      'patient.update',
      'patient.list',
    ]);
    expect(rows[1]).toMatchObject({
      outcome: 'success',
      actor_id: clinician.id,
      actor_role: 'clinician',
      resource_id: patient.id,
      patient_id: patient.id,
      clinic_id: clinicId,
      request_id: 'audit-read-1',
      status_code: 200,
    });
    expect(rows[0].status_code).toBe(201);
    const all = JSON.stringify((await t.db.sql.query(`SELECT * FROM audit_events`)).rows);
    for (const phi of ['Ottoline', 'Vandermeer', '555 0199', 'Otto']) expect(all).not.toContain(phi);
  });

  it('records denied access (another clinic) and failed sign-ins', async () => {
    const patient = await ctx.newPatient(clinician);
    const other = await ctx.newUser('clinician', [(await ctx.newClinic()).id]);
    await t.http().get(`/api/v1/patients/${patient.id}`).set('Authorization', other.auth).expect(404);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: other.email, password: 'wrong-password-123' })
      .expect(401);
    const denied = await t.db.sql.query(
      `SELECT outcome, status_code FROM audit_events WHERE actor_id = $1 AND action = 'patient.read'`,
      [other.id],
    );
    expect(denied.rows).toEqual([{ outcome: 'denied', status_code: 404 }]);
    const failed = await t.db.sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.login' AND outcome = 'failure'`,
    );
    expect(failed.rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    await expect(t.db.sql.query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.sql.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(t.db.sql.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
  });

  it('GET /audit-events: a supervisor sees own clinics only, newest first; a clinician may not', async () => {
    const patient = await ctx.newPatient(clinician);
    const res = await t
      .http()
      .get(`/api/v1/audit-events?patientId=${patient.id}`)
      .set('Authorization', supervisor.auth)
      .expect(200);
    expect(res.body.items[0]).toMatchObject({ action: 'patient.create', patientId: patient.id, clinicId });
    const otherSupervisor = await ctx.newUser('supervisor', [(await ctx.newClinic()).id]);
    const none = await t
      .http()
      .get(`/api/v1/audit-events?patientId=${patient.id}`)
      .set('Authorization', otherSupervisor.auth)
      .expect(200);
    expect(none.body.items).toEqual([]);
    await t.http().get('/api/v1/audit-events').set('Authorization', clinician.auth).expect(403);
    const admin = await ctx.admin();
    const all = await t
      .http()
      .get('/api/v1/audit-events?limit=5')
      .set('Authorization', admin.auth)
      .expect(200);
    expect(all.body.items).toHaveLength(5);
    expect(Number(all.body.items[0].seq)).toBeGreaterThan(Number(all.body.items[4].seq));
  });

  it('audit:verify finds the chain intact, then names the first tampered row', async () => {
    const ds = new DataSource({ type: 'postgres', url: t.db.url });
    await ds.initialize();
    try {
      const intact = await verifyAuditChain(ds);
      expect(intact.ok).toBe(true);
      expect(intact.checked).toBeGreaterThan(5);
      // A superuser can bypass the trigger; the chain still tells.
      const victim = (await t.db.sql.query(`SELECT seq, id FROM audit_events ORDER BY seq OFFSET 3 LIMIT 1`))
        .rows[0];
      await t.db.sql.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
      await t.db.sql.query(`UPDATE audit_events SET outcome = 'failure' WHERE seq = $1`, [victim.seq]);
      const tampered = await verifyAuditChain(ds);
      expect(tampered).toMatchObject({
        ok: false,
        firstBroken: { seq: String(victim.seq), id: victim.id, problem: 'content' },
      });
      // Restore it, then delete a row: the link of the next one breaks.
      await t.db.sql.query(`UPDATE audit_events SET outcome = 'success' WHERE seq = $1`, [victim.seq]);
      const next = (
        await t.db.sql.query(`SELECT seq FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT 1`, [victim.seq])
      ).rows[0];
      await t.db.sql.query(`DELETE FROM audit_events WHERE seq = $1`, [victim.seq]);
      await t.db.sql.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
      const gap = await verifyAuditChain(ds);
      expect(gap).toMatchObject({ ok: false, firstBroken: { seq: String(next.seq), problem: 'link' } });
    } finally {
      await ds.destroy();
    }
  });
});
