import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { signedNoteHash } from '../../libs/notes/src/note-content';
import { startTestApp, TestApp } from '../support/app';
import { ClinicalSteps } from '../support/clinical';
import { TestContext, TestUser } from '../support/factories';

const SECRET = 'Mentioned a private memory about the lake house';

const soap = (extra = '') => ({
  subjective: `${SECRET}${extra}`,
  objective: 'Calm, oriented, good eye contact',
  assessment: 'Integrating the session well',
  plan: 'Follow up in one week',
});

describe('integration notes', () => {
  let t: TestApp;
  let ctx: TestContext;
  let clinician: TestUser;
  let supervisor: TestUser;
  let patient: { id: string; clinicId: string };

  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
    ({ clinician, supervisor } = await ctx.newClinicTeam());
    patient = await ctx.newPatient(clinician);
  });
  afterAll(() => t.close());

  const newNote = async (
    user: TestUser,
    body: Record<string, unknown> = { format: 'SOAP', content: soap() },
  ) =>
    (
      await t
        .http()
        .post(`/api/v1/patients/${patient.id}/notes`)
        .set('Authorization', user.auth)
        .send(body)
        .expect(201)
    ).body;

  const signedNote = async () => {
    const note = await newNote(clinician);
    await t.http().post(`/api/v1/notes/${note.id}/sign`).set('Authorization', clinician.auth).expect(200);
    return note as { id: string };
  };

  it('goes from draft to signed with a SHA-256 of content, signer and time, then only takes addenda', async () => {
    const created = await newNote(clinician);
    expect(created).toMatchObject({
      contentHashVerified: null,
      status: 'draft',
      format: 'SOAP',
      patientId: patient.id,
      authorId: clinician.id,
      signedAt: null,
      contentHash: null,
      addenda: [],
    });

    const edited = await t
      .http()
      .patch(`/api/v1/notes/${created.id}`)
      .set('Authorization', clinician.auth)
      .send({ content: soap(' (edited)') })
      .expect(200);
    expect(edited.body.content.subjective).toBe(`${SECRET} (edited)`);

    const signed = await t
      .http()
      .post(`/api/v1/notes/${created.id}/sign`)
      .set('Authorization', clinician.auth)
      .expect(200);
    expect(signed.body).toMatchObject({
      status: 'signed',
      signedBy: clinician.id,
      addenda: [],
      contentHashVerified: true,
    });
    expect(signed.body.contentHash).toBe(
      signedNoteHash({
        id: created.id,
        patientId: patient.id,
        sessionId: null,
        format: 'SOAP',
        content: soap(' (edited)'),
        signedBy: clinician.id,
        signedAt: new Date(signed.body.signedAt),
      }),
    );

    const patch = await t
      .http()
      .patch(`/api/v1/notes/${created.id}`)
      .set('Authorization', clinician.auth)
      .send({ content: soap(' again') })
      .expect(409);
    expect(patch.body.code).toBe('NOTE_SIGNED');
    const again = await t
      .http()
      .post(`/api/v1/notes/${created.id}/sign`)
      .set('Authorization', clinician.auth)
      .expect(409);
    expect(again.body.code).toBe('NOTE_SIGNED');

    await t
      .http()
      .post(`/api/v1/notes/${created.id}/addenda`)
      .set('Authorization', clinician.auth)
      .send({ text: 'Correction: follow up in two weeks' })
      .expect(201);
    const withAddenda = await t
      .http()
      .post(`/api/v1/notes/${created.id}/addenda`)
      .set('Authorization', supervisor.auth)
      .send({ text: 'Reviewed by the medical supervisor' })
      .expect(201);
    expect(withAddenda.body.addenda).toEqual([
      expect.objectContaining({ authorId: clinician.id, text: 'Correction: follow up in two weeks' }),
      expect.objectContaining({ authorId: supervisor.id, text: 'Reviewed by the medical supervisor' }),
    ]);

    const read = await t
      .http()
      .get(`/api/v1/notes/${created.id}`)
      .set('Authorization', supervisor.auth)
      .expect(200);
    expect(read.body.addenda).toHaveLength(2);
    expect(read.body.contentHash).toBe(signed.body.contentHash);
    expect(read.body.content.subjective).toBe(`${SECRET} (edited)`);
    const { rows } = await t.db.sql.query(`SELECT status, content_hash FROM notes WHERE id = $1`, [
      created.id,
    ]);
    expect(rows[0]).toEqual({ status: 'signed', content_hash: signed.body.contentHash });
  });

  it('lets only the author edit and sign (403 to others, even a supervisor of the clinic)', async () => {
    const note = await newNote(clinician);
    await t
      .http()
      .patch(`/api/v1/notes/${note.id}`)
      .set('Authorization', supervisor.auth)
      .send({ content: soap(' by someone else') })
      .expect(403);
    await t.http().post(`/api/v1/notes/${note.id}/sign`).set('Authorization', supervisor.auth).expect(403);
    const colleague = await ctx.newUser('clinician', [patient.clinicId]);
    await t.http().post(`/api/v1/notes/${note.id}/sign`).set('Authorization', colleague.auth).expect(403);
    const { rows } = await t.db.sql.query(
      `SELECT status, content->>'subjective' AS s FROM notes WHERE id = $1`,
      [note.id],
    );
    expect(rows[0]).toEqual({ status: 'draft', s: SECRET });
  });

  it('validates content by format (400 naming each wrong section) and creates nothing', async () => {
    const before = await t.db.sql.query(`SELECT count(*)::int AS n FROM notes`);
    const res = await t
      .http()
      .post(`/api/v1/patients/${patient.id}/notes`)
      .set('Authorization', clinician.auth)
      .send({ format: 'SOAP', content: { data: 'd', assessment: 'a', plan: 'p' } })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'content.data',
      'content.objective',
      'content.subjective',
    ]);
    const dap = await t
      .http()
      .post(`/api/v1/patients/${patient.id}/notes`)
      .set('Authorization', clinician.auth)
      .send({ format: 'DAP', content: soap() })
      .expect(400);
    expect(JSON.stringify(dap.body)).not.toContain(SECRET);
    await t
      .http()
      .post(`/api/v1/patients/${patient.id}/notes`)
      .set('Authorization', clinician.auth)
      .send({ format: 'BIRP', content: {} })
      .expect(400);
    const draft = await newNote(clinician, {
      format: 'DAP',
      content: { data: 'd', assessment: 'a', plan: 'p' },
    });
    const wrongPatch = await t
      .http()
      .patch(`/api/v1/notes/${draft.id}`)
      .set('Authorization', clinician.auth)
      .send({ content: soap() })
      .expect(400);
    expect(wrongPatch.body.details.map((d: { field: string }) => d.field)).toContain('content.subjective');
    const after = await t.db.sql.query(`SELECT count(*)::int AS n FROM notes`);
    expect(after.rows[0].n).toBe(before.rows[0].n + 1);
  });

  it('refuses to sign a note with a blank section and to amend a draft', async () => {
    const note = await newNote(clinician, {
      format: 'DAP',
      content: { data: 'd', assessment: ' ', plan: '' },
    });
    const sign = await t
      .http()
      .post(`/api/v1/notes/${note.id}/sign`)
      .set('Authorization', clinician.auth)
      .expect(409);
    expect(sign.body).toMatchObject({
      code: 'NOTE_INCOMPLETE',
      details: { sections: ['content.assessment', 'content.plan'] },
    });
    const add = await t
      .http()
      .post(`/api/v1/notes/${note.id}/addenda`)
      .set('Authorization', clinician.auth)
      .send({ text: 'x' })
      .expect(409);
    expect(add.body.code).toBe('NOTE_NOT_SIGNED');
  });

  it('refuses, in the database, any UPDATE or DELETE of a signed note and any change to an addendum', async () => {
    const note = await signedNote();
    await t
      .http()
      .post(`/api/v1/notes/${note.id}/addenda`)
      .set('Authorization', clinician.auth)
      .send({ text: 'An addendum' })
      .expect(201);
    // The app's own connection: no code path of the app can get around the trigger.
    const ds = t.app.get(DataSource);
    const refused = async (sql: string) => {
      const error = (await ds.query(sql, [note.id]).then(
        () => null,
        (e: unknown) => e,
      )) as { driverError?: { code?: string } } | null;
      expect(error?.driverError?.code).toBe('42501');
    };
    await refused(`UPDATE notes SET content = '{"subjective":"tampered"}' WHERE id = $1`);
    await refused(
      `UPDATE notes SET status = 'draft', signed_at = NULL, signed_by = NULL, content_hash = NULL WHERE id = $1`,
    );
    await refused(`UPDATE notes SET updated_at = now() WHERE id = $1`);
    await refused(`DELETE FROM notes WHERE id = $1`);
    await refused(`UPDATE note_addenda SET text = 'tampered' WHERE note_id = $1`);
    await refused(`DELETE FROM note_addenda WHERE note_id = $1`);
    const draft = await newNote(clinician);
    await refused(`DELETE FROM notes WHERE id = '${draft.id}' AND $1::uuid IS NOT NULL`);
    const { rows } = await t.db.sql.query(
      `SELECT n.status, n.content->>'subjective' AS s, (SELECT array_agg(text) FROM note_addenda a WHERE a.note_id = n.id) AS texts
         FROM notes n WHERE n.id = $1`,
      [note.id],
    );
    expect(rows[0]).toEqual({ status: 'signed', s: SECRET, texts: ['An addendum'] });

    // A table owner could disable the trigger; the hash then shows the change.
    const before = await t
      .http()
      .get(`/api/v1/notes/${note.id}`)
      .set('Authorization', clinician.auth)
      .expect(200);
    expect(before.body.contentHashVerified).toBe(true);
    await t.db.sql.query(`ALTER TABLE notes DISABLE TRIGGER notes_guard`);
    await t.db.sql.query(
      `UPDATE notes SET content = jsonb_set(content, '{plan}', '"tampered"') WHERE id = $1`,
      [note.id],
    );
    await t.db.sql.query(`ALTER TABLE notes ENABLE TRIGGER notes_guard`);
    const after = await t
      .http()
      .get(`/api/v1/notes/${note.id}`)
      .set('Authorization', clinician.auth)
      .expect(200);
    expect(after.body.contentHashVerified).toBe(false);
  });

  it('lists a patient notes newest first, paginated, without their text', async () => {
    const other = await ctx.newPatient(clinician);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await t
            .http()
            .post(`/api/v1/patients/${other.id}/notes`)
            .set('Authorization', clinician.auth)
            .send({ format: 'DAP', content: { data: SECRET, assessment: 'a', plan: 'p' } })
            .expect(201)
        ).body.id,
      );
    const first = await t
      .http()
      .get(`/api/v1/patients/${other.id}/notes?limit=2`)
      .set('Authorization', supervisor.auth)
      .expect(200);
    const second = await t
      .http()
      .get(`/api/v1/patients/${other.id}/notes?limit=2&cursor=${first.body.nextCursor}`)
      .set('Authorization', supervisor.auth)
      .expect(200);
    expect([...first.body.items, ...second.body.items].map((n: { id: string }) => n.id)).toEqual(
      ids.reverse(),
    );
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.items[0]).toMatchObject({
      title: 'DAP integration note',
      status: 'draft',
      addendaCount: 0,
    });
    expect(JSON.stringify(first.body)).not.toContain(SECRET);
  });

  it("links a note to one of the patient's own sessions only", async () => {
    const steps = new ClinicalSteps(t);
    const session = await steps.readySession(clinician, patient.id);
    const other = await ctx.newPatient(clinician);
    const otherSession = await steps.readySession(clinician, other.id);
    const linked = await newNote(clinician, { sessionId: session.id, format: 'SOAP', content: soap() });
    expect(linked.sessionId).toBe(session.id);
    const wrong = await t
      .http()
      .post(`/api/v1/patients/${patient.id}/notes`)
      .set('Authorization', clinician.auth)
      .send({ sessionId: otherSession.id, format: 'SOAP', content: soap() })
      .expect(400);
    expect(wrong.body.details[0].field).toBe('sessionId');
    await t
      .http()
      .patch(`/api/v1/notes/${linked.id}`)
      .set('Authorization', clinician.auth)
      .send({ sessionId: otherSession.id })
      .expect(400);
    const unlinked = await t
      .http()
      .patch(`/api/v1/notes/${linked.id}`)
      .set('Authorization', clinician.auth)
      .send({ sessionId: null })
      .expect(200);
    expect(unlinked.body.sessionId).toBeNull();
  });

  it('answers the same note for a repeated Idempotency-Key', async () => {
    const send = () =>
      t
        .http()
        .post(`/api/v1/patients/${patient.id}/notes`)
        .set('Authorization', clinician.auth)
        .set('Idempotency-Key', `note-${patient.id}`)
        .send({ format: 'SOAP', content: soap(' idem') });
    const a = await send().expect(201);
    const b = await send().expect(201);
    expect(b.body.id).toBe(a.body.id);
    const { rows } = await t.db.sql.query(
      `SELECT count(*)::int AS n FROM notes WHERE content->>'subjective' = $1`,
      [`${SECRET} idem`],
    );
    expect(rows[0].n).toBe(1);
  });

  it('hides notes from other clinics (404) and from the foundation and admin roles (403)', async () => {
    const note = await signedNote();
    const outsider = await ctx.newClinicTeam();
    for (const req of [
      t.http().get(`/api/v1/notes/${note.id}`),
      t.http().patch(`/api/v1/notes/${note.id}`).send({ content: soap() }),
      t.http().post(`/api/v1/notes/${note.id}/sign`),
      t.http().post(`/api/v1/notes/${note.id}/addenda`).send({ text: 'x' }),
      t.http().get(`/api/v1/patients/${patient.id}/notes`),
      t.http().post(`/api/v1/patients/${patient.id}/notes`).send({ format: 'SOAP', content: soap() }),
    ])
      await req.set('Authorization', outsider.supervisor.auth).expect(404);
    const foundation = await ctx.newUser('foundation');
    const admin = await ctx.admin();
    await t.http().get(`/api/v1/notes/${note.id}`).set('Authorization', foundation.auth).expect(403);
    await t.http().get(`/api/v1/notes/${note.id}`).set('Authorization', admin.auth).expect(403);
    await t
      .http()
      .get(`/api/v1/patients/${patient.id}/notes`)
      .set('Authorization', foundation.auth)
      .expect(403);
  });

  it('keeps note text out of logs, audit rows and job payloads, while auditing every access by id', async () => {
    const { rows: audit } = await t.db.sql.query(
      `SELECT action, resource_id, patient_id, details::text AS details FROM audit_events WHERE action LIKE 'note.%' AND outcome = 'success'`,
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining([
        'note.create',
        'note.update',
        'note.sign',
        'note.addendum',
        'note.read',
        'note.list',
      ]),
    );
    expect(audit.every((a: { patient_id: string | null }) => a.patient_id !== null)).toBe(true);
    const { rows: everything } = await t.db.sql.query(
      `SELECT (SELECT coalesce(string_agg(details::text, ' '), '') FROM audit_events) AS audit,
              (SELECT coalesce(string_agg(payload::text, ' '), '') FROM outbox) AS outbox`,
    );
    expect(everything[0].audit).not.toContain('lake house');
    expect(everything[0].outbox).not.toContain('lake house');
    expect(t.logs.text()).not.toContain('lake house');
    expect(t.logs.text()).not.toContain('Correction: follow up');
  });
});
