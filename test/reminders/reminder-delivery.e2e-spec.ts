import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DomainEvents, JobName, OutboxService } from '../../libs/core/src';
import { ReminderDeliveryService, ReminderScheduler } from '../../libs/reminders/src';
import { Mailer } from '../../libs/notifications/src';
import type { ReminderKind } from '../../libs/clinical-rules/src';
import { startTestApp, TestApp } from '../support/app';
import { TestContext, TestUser } from '../support/factories';
import { TestSmtpServer, until } from '../support/smtp-server';

/**
 * Reminders end to end: the real API, the real worker (outbox relay, BullMQ) and a real SMTP server.
 * Reminder rows are made through the scheduler or the domain events, as the clinical domain does.
 */
describe('reminders delivered exactly once over SMTP', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let ctx: TestContext;
  let ds: DataSource;
  let team: { clinic: { id: string; name: string }; clinician: TestUser; supervisor: TestUser };

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await startTestApp({ SMTP_URL: smtp.url, JOB_BACKOFF_MS: '20', REMINDER_LEASE_MS: '1500' });
    await t.startWorker();
    ctx = new TestContext(t);
    ds = t.app.get(DataSource);
    team = await ctx.newClinicTeam();
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const reminder = async (id: string) =>
    (await t.db.sql.query(`SELECT * FROM reminders WHERE id = $1`, [id])).rows[0];
  const remindersOf = async (patientId: string) =>
    (await t.db.sql.query(`SELECT * FROM reminders WHERE patient_id = $1 ORDER BY due_at`, [patientId])).rows;

  /** A reminder due now for an appointment in two hours, made as the scheduler makes it. */
  async function dueReminder(
    patient: { id: string; clinicId: string },
    tag: string,
    eventAt: Date | null = new Date(Date.now() + 2 * 3600_000),
    { kind = 'session_upcoming_2h', dueInMs = 150 }: { kind?: ReminderKind; dueInMs?: number } = {},
  ) {
    await ds.transaction((m) =>
      t.app.get(ReminderScheduler).create(m, {
        clinicId: patient.clinicId,
        patientId: patient.id,
        sessionId: null,
        kind,
        dedupeKey: `test.${tag}.${patient.id}`,
        dueAt: new Date(Date.now() + dueInMs),
        eventAt,
      }),
    );
    const [row] = await remindersOf(patient.id).then((rows) =>
      rows.filter((r) => r.dedupe_key === `test.${tag}.${patient.id}`),
    );
    return row as { id: string; status: string; revision: number; status_reason: string | null };
  }

  it('sends a due reminder once, with the first name, clinic and local time and no clinical detail', async () => {
    const patient = await ctx.newPatient(team.clinician, {
      givenName: 'Avery Jo',
      email: 'avery.one@example.org',
    });
    const eventAt = new Date('2030-03-05T15:30:00Z');
    const r = await dueReminder(patient, 'content', eventAt);
    expect(r.status).toBe('scheduled');
    const sent = await until(async () => ((await reminder(r.id)).status === 'sent' ? reminder(r.id) : null));
    expect(sent.sent_at).not.toBeNull();

    const mails = smtp.to('avery.one@example.org');
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    const [delivery] = (
      await t.db.sql.query(`SELECT * FROM reminder_deliveries WHERE reminder_id = $1`, [r.id])
    ).rows;
    expect(delivery).toMatchObject({ state: 'sent', attempts: 1, revision: 1 });
    expect(delivery.server_response).toMatch(/^250/);
    expect(mail.messageId).toBe(delivery.message_id);
    expect(mail.subject).toBe(`Appointment reminder from ${team.clinic.name}`);
    // The clinic is in America/New_York: 15:30 UTC is 10:30 EST.
    expect(mail.body).toContain('Hello Avery,');
    expect(mail.body).toContain(
      `appointment at ${team.clinic.name} on Tuesday, March 5, 2030 at 10:30 AM EST`,
    );
    const text = `${mail.subject}\n${mail.body}`;
    for (const secret of [patient.familyName, patient.mrn, '1985', 'Jo', '02139', '555']) {
      expect(text).not.toContain(String(secret));
    }
    expect(text).not.toMatch(/ketamine|dos(e|ing)|phq|depress|ptsd|trd|score|assessment|therapy|treatment/i);
    // The logs name the delivery, never the patient or the address.
    expect(t.logs.text()).not.toContain('avery.one@example.org');
    expect(t.logs.text()).not.toContain(String(patient.familyName));

    const list = await t
      .http()
      .get(`/api/v1/reminders?patientId=${patient.id}&status=sent`)
      .set('Authorization', team.clinician.auth)
      .expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      id: r.id,
      status: 'sent',
      kind: 'session_upcoming_2h',
      channel: 'email',
    });
    expect(JSON.stringify(list.body)).not.toContain('avery.one@example.org');
  });

  it('skips a patient without consent or without an e-mail address, and one who withdrew consent before the time', async () => {
    const noConsent = await ctx.newPatient(team.clinician, {
      reminderConsent: false,
      email: 'nc@example.org',
    });
    const noContact = await ctx.newPatient(team.clinician, { email: undefined });
    const withdrew = await ctx.newPatient(team.clinician, { email: 'withdrew@example.org' });
    const a = await dueReminder(noConsent, 'skip');
    const b = await dueReminder(noContact, 'skip');
    expect(a).toMatchObject({ status: 'skipped', status_reason: 'NO_CONSENT' });
    expect(b).toMatchObject({ status: 'skipped', status_reason: 'NO_CONTACT' });
    const jobs = await t.db.sql.query(`SELECT job_id FROM outbox WHERE job_id LIKE ANY($1)`, [
      [`%${a.id}%`, `%${b.id}%`],
    ]);
    expect(jobs.rows).toEqual([]);

    // Consent withdrawn after scheduling: checked again when due.
    await dueReminder(withdrew, 'withdrew', null, { kind: 'assessment_due', dueInMs: 800 });
    await t
      .http()
      .patch(`/api/v1/patients/${withdrew.id}`)
      .set('Authorization', team.clinician.auth)
      .send({ reminderConsent: false })
      .expect(200);
    const [row] = await remindersOf(withdrew.id);
    const done = await until(async () =>
      (await reminder(row.id)).status !== 'scheduled' ? reminder(row.id) : null,
    );
    expect(done).toMatchObject({ status: 'skipped', status_reason: 'NO_CONSENT' });
    expect(smtp.to('withdrew@example.org')).toHaveLength(0);

    // A check-in reminder is moot when the patient did a PHQ-9 in the last days (at the clinic, say).
    const checkedIn = await ctx.newPatient(team.clinician, { email: 'checkedin@example.org' });
    await t.db.sql.query(
      `INSERT INTO assessments (clinic_id, patient_id, instrument, answers, total_score, severity, item9, administered_at, context, created_by)
       VALUES ($1, $2, 'PHQ9', '{1,1,1,1,1,0,0,0,0}', 5, 'mild', 0, now() - interval '1 day', 'follow_up', $3)`,
      [checkedIn.clinicId, checkedIn.id, team.clinician.id],
    );
    const moot = await dueReminder(checkedIn, 'checkedin', null, { kind: 'assessment_due' });
    const mootDone = await until(async () =>
      (await reminder(moot.id)).status !== 'scheduled' ? reminder(moot.id) : null,
    );
    expect(mootDone).toMatchObject({ status: 'skipped', status_reason: 'ALREADY_COMPLETED' });
    expect(smtp.to('checkedin@example.org')).toHaveLength(0);
    expect(smtp.to('nc@example.org')).toHaveLength(0);
  });

  it('a job processed twice, a duplicate job and two concurrent workers still send one e-mail', async () => {
    const patient = await ctx.newPatient(team.clinician, { email: 'twice@example.org' });
    const delivery = t.app.get(ReminderDeliveryService);
    const r = await dueReminder(patient, 'twice', new Date(Date.now() + 7200_000));
    // Two deliveries racing (as two workers would) while the queued job also runs.
    const outcomes = await Promise.all([delivery.deliver(r.id, 1), delivery.deliver(r.id, 1)]);
    expect(outcomes.filter((o) => o === 'sent').length).toBeLessThanOrEqual(1);
    await until(async () => (await reminder(r.id)).status === 'sent');
    // The same job again (a retry after success) and a duplicate job with another id.
    expect(await delivery.deliver(r.id, 1)).toBe('sent');
    await ds.transaction((m) =>
      t.app.get(OutboxService).enqueue(m, {
        name: JobName.ReminderSend,
        jobId: `ReminderSend-${r.id}-duplicate`,
        payload: { reminderId: r.id, revision: 1 },
      }),
    );
    await until(
      async () =>
        (
          await t.db.sql.query(`SELECT 1 FROM outbox WHERE job_id = $1 AND relayed_at IS NOT NULL`, [
            `ReminderSend-${r.id}-duplicate`,
          ])
        ).rowCount === 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.to('twice@example.org')).toHaveLength(1);
    const deliveries = await t.db.sql.query(`SELECT state FROM reminder_deliveries WHERE reminder_id = $1`, [
      r.id,
    ]);
    expect(deliveries.rows).toEqual([{ state: 'sent' }]);
  });

  it('a worker killed mid-send (message handed to the server, outcome never recorded): no second e-mail', async () => {
    const patient = await ctx.newPatient(team.clinician, { email: 'killed@example.org' });
    const delivery = t.app.get(ReminderDeliveryService);
    // Hold the reminder's own job back: the "dying worker" below claims first.
    const r = await dueReminder(patient, 'killed', null, { kind: 'integration_follow_up', dueInMs: 60_000 });
    // The dying worker: claims, hands the message to the SMTP server, and is killed before recording it.
    const claim = await delivery.claim(r.id, 1);
    expect(claim.outcome).toBe('claimed');
    if (claim.outcome !== 'claimed') return;
    await t.app.get(Mailer).send(claim.claim.message);
    expect(smtp.to('killed@example.org')).toHaveLength(1);

    // BullMQ re-runs the stalled job on another worker (here: a job for the same reminder now).
    await ds.transaction((m) =>
      t.app.get(OutboxService).enqueue(m, {
        name: JobName.ReminderSend,
        jobId: `ReminderSend-${r.id}-stalled-rerun`,
        payload: { reminderId: r.id, revision: 1 },
      }),
    );
    // While the lease runs the claim is respected; once it expired, the outcome is unknown: never resent.
    const done = await until(async () =>
      (await reminder(r.id)).status === 'failed' ? reminder(r.id) : null,
    );
    expect(done.status_reason).toBe('DELIVERY_OUTCOME_UNKNOWN');
    const [d] = (await t.db.sql.query(`SELECT * FROM reminder_deliveries WHERE reminder_id = $1`, [r.id]))
      .rows;
    expect(d).toMatchObject({ state: 'unknown', attempts: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.to('killed@example.org')).toHaveLength(1);
  });

  it('a refusing SMTP server: retried with exponential backoff, then failed with the reason', async () => {
    const patient = await ctx.newPatient(team.clinician, { email: 'reject.me@example.org' });
    const before = smtp.rcptAttempts;
    const r = await dueReminder(patient, 'reject');
    const failed = await until(async () =>
      (await reminder(r.id)).status === 'failed' ? reminder(r.id) : null,
    );
    expect(failed.status_reason).toBe('SEND_FAILED: SMTP 451');
    const [d] = (await t.db.sql.query(`SELECT * FROM reminder_deliveries WHERE reminder_id = $1`, [r.id]))
      .rows;
    expect(d).toMatchObject({ state: 'failed', attempts: 5, last_error: 'SMTP 451' });
    expect(smtp.rcptAttempts - before).toBe(5);
    expect(smtp.to('reject.me@example.org')).toHaveLength(0);
  });

  it('session events schedule, reschedule and cancel reminders in the same transaction', async () => {
    const patient = await ctx.newPatient(team.clinician, { email: 'events@example.org' });
    const events = t.app.get(DomainEvents);
    const sessionId = '00000000-0000-4000-8000-00000000a001';
    const at = new Date(Date.now() + 3 * 86_400_000);
    const base = { sessionId, patientId: patient.id, clinicId: patient.clinicId };

    // A rolled-back write leaves no reminder.
    await expect(
      ds.transaction(async (m) => {
        await events.emit(m, 'session.scheduled', { ...base, scheduledAt: at });
        throw new Error('session insert failed');
      }),
    ).rejects.toThrow('session insert failed');
    expect(await remindersOf(patient.id)).toEqual([]);

    await ds.transaction((m) => events.emit(m, 'session.scheduled', { ...base, scheduledAt: at }));
    await ds.transaction((m) => events.emit(m, 'session.scheduled', { ...base, scheduledAt: at })); // replayed: no duplicate
    let rows = await remindersOf(patient.id);
    expect(rows.map((r) => [r.kind, r.status, r.due_at.getTime()])).toEqual([
      ['assessment_due', 'scheduled', at.getTime() - 48 * 3600_000],
      ['session_upcoming_24h', 'scheduled', at.getTime() - 24 * 3600_000],
      ['session_upcoming_2h', 'scheduled', at.getTime() - 2 * 3600_000],
    ]);
    const later = new Date(at.getTime() + 86_400_000);
    await ds.transaction((m) => events.emit(m, 'session.rescheduled', { ...base, scheduledAt: later }));
    rows = await remindersOf(patient.id);
    expect(rows.map((r) => [r.kind, r.status, r.revision, r.due_at.getTime()])).toEqual([
      ['assessment_due', 'scheduled', 2, later.getTime() - 48 * 3600_000],
      ['session_upcoming_24h', 'scheduled', 2, later.getTime() - 24 * 3600_000],
      ['session_upcoming_2h', 'scheduled', 2, later.getTime() - 2 * 3600_000],
    ]);
    const jobs = (
      await t.db.sql.query(
        `SELECT job_id, available_at FROM outbox WHERE payload->>'reminderId' = ANY($1) ORDER BY id`,
        [rows.map((r) => r.id)],
      )
    ).rows;
    expect(jobs.map((j) => j.job_id)).toEqual([
      ...rows.map((r) => `ReminderSend-${r.id}-r1`),
      ...rows.map((r) => `ReminderSend-${r.id}-r2`),
    ]);
    expect(jobs[4].available_at.getTime()).toBe(later.getTime() - 24 * 3600_000);
    // A job of the first revision finds itself superseded and sends nothing.
    expect(await t.app.get(ReminderDeliveryService).deliver(rows[0].id, 1)).toBe('superseded');

    await ds.transaction((m) => events.emit(m, 'session.cancelled', base));
    rows = await remindersOf(patient.id);
    expect(rows.map((r) => [r.status, r.status_reason])).toEqual([
      ['cancelled', 'SESSION_CANCELLED'],
      ['cancelled', 'SESSION_CANCELLED'],
      ['cancelled', 'SESSION_CANCELLED'],
    ]);
    expect(await t.app.get(ReminderDeliveryService).deliver(rows[0].id, 2)).toBe('cancelled');
    expect(smtp.to('events@example.org')).toHaveLength(0);
  });

  it('a completed session schedules the follow-up next day 10:00 clinic time; the first dose schedules PHQ-9 at weeks 1, 4, 12, 26', async () => {
    const patient = await ctx.newPatient(team.clinician, { email: 'course@example.org' });
    const events = t.app.get(DomainEvents);
    const sessionId = '00000000-0000-4000-8000-00000000a002';
    const base = { sessionId, patientId: patient.id, clinicId: patient.clinicId };
    // 2030-01-10 22:00 New York (03:00 UTC on the 11th): the next local day is the 11th, 10:00 EST = 15:00 UTC.
    await ds.transaction((m) =>
      events.emit(m, 'session.completed', { ...base, completedAt: new Date('2030-01-11T03:00:00Z') }),
    );
    const dose = new Date('2030-01-10T15:00:00Z');
    await ds.transaction((m) => events.emit(m, 'patient.first_dose', { ...base, administeredAt: dose }));
    const rows = await remindersOf(patient.id);
    expect(rows.map((r) => [r.kind, r.due_at.toISOString()])).toEqual([
      ['integration_follow_up', '2030-01-11T15:00:00.000Z'],
      ['assessment_due', '2030-01-17T15:00:00.000Z'],
      ['assessment_due', '2030-02-07T15:00:00.000Z'],
      ['assessment_due', '2030-04-04T15:00:00.000Z'],
      ['assessment_due', '2030-07-11T15:00:00.000Z'],
    ]);
    expect(rows.every((r) => r.status === 'scheduled')).toBe(true);
  });

  it('GET /reminders: own clinics only (404 for another clinic’s patient), clinical roles only, validated', async () => {
    const other = await ctx.newClinicTeam();
    const patient = await ctx.newPatient(team.clinician);
    await t
      .http()
      .get(`/api/v1/reminders?patientId=${patient.id}`)
      .set('Authorization', other.clinician.auth)
      .expect(404);
    await t
      .http()
      .get(`/api/v1/reminders?patientId=${patient.id}`)
      .set('Authorization', team.supervisor.auth)
      .expect(200);
    const foundation = await ctx.newUser('foundation');
    await t.http().get('/api/v1/reminders').set('Authorization', foundation.auth).expect(403);
    const admin = await ctx.admin();
    await t.http().get('/api/v1/reminders').set('Authorization', admin.auth).expect(403);
    const bad = await t
      .http()
      .get('/api/v1/reminders?status=lost')
      .set('Authorization', team.clinician.auth)
      .expect(400);
    expect(JSON.stringify(bad.body.details)).toContain('status');
    await t
      .http()
      .get('/api/v1/reminders?patientId=nope')
      .set('Authorization', team.clinician.auth)
      .expect(400);
    // Another clinic sees none of this clinic's reminders in its unfiltered list.
    const theirs = await t
      .http()
      .get('/api/v1/reminders?limit=200')
      .set('Authorization', other.clinician.auth)
      .expect(200);
    expect(theirs.body.items).toEqual([]);
    const audit = await t.db.sql.query(
      `SELECT outcome, actor_id FROM audit_events WHERE action = 'reminder.list' AND patient_id = $1`,
      [patient.id],
    );
    expect(audit.rows).toEqual([{ outcome: 'success', actor_id: team.supervisor.id }]);
    const denied = await t.db.sql.query(
      `SELECT status_code FROM audit_events WHERE action = 'reminder.list' AND actor_id = $1 AND outcome = 'denied'`,
      [other.clinician.id],
    );
    expect(denied.rows).toEqual([{ status_code: 404 }]);
  });
});
