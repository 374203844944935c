import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { JobName, OutboxService, QueueName, QueueProducer, SCHEDULES } from '../../libs/core/src';
import { startTestApp, TestApp } from '../support/app';
import { TestContext, TestUser } from '../support/factories';
import { seedCourse } from '../support/outcome-fixtures';
import { TestSmtpServer, until } from '../support/smtp-server';

/** Report jobs through the real worker: request (202), poll, download; scheduled digests; operations. */
describe('report jobs', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let ctx: TestContext;
  let foundation: TestUser;
  let team: Awaited<ReturnType<TestContext['newClinicTeam']>>;
  let other: Awaited<ReturnType<TestContext['newClinicTeam']>>;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await startTestApp({ SMTP_URL: smtp.url, JOB_BACKOFF_MS: '20' });
    await t.startWorker();
    ctx = new TestContext(t);
    foundation = await ctx.newUser('foundation');
    team = await ctx.newClinicTeam();
    other = await ctx.newClinicTeam();
    const by = team.clinician.id;
    await t.db.sql.query(`UPDATE clinics SET name = $2 WHERE id = $1`, [
      team.clinic.id,
      `Alpha, "North" ${team.clinic.name}`,
    ]);
    for (let i = 0; i < 12; i++) {
      await seedCourse(t.db.sql, {
        userId: by,
        clinicId: team.clinic.id,
        sessionStatuses: i < 2 ? ['completed', 'aborted', 'cancelled'] : ['completed'],
        firstDoseAt: new Date(Date.now() - 30 * 86_400_000),
        phq9: [
          [-1, 18],
          [28, 7],
        ],
        item9Flag: i === 0,
      });
    }
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const post = (user: TestUser, body: Record<string, unknown>) =>
    t.http().post('/api/v1/reports').set('Authorization', user.auth).send(body);
  const finished = (user: TestUser, id: string) =>
    until(async () => {
      const res = await t.http().get(`/api/v1/reports/${id}`).set('Authorization', user.auth).expect(200);
      return ['succeeded', 'failed'].includes(res.body.status) ? res.body : null;
    });
  const download = (user: TestUser, id: string) =>
    t
      .http()
      .get(`/api/v1/reports/${id}/download`)
      .set('Authorization', user.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  it('FOUNDATION_OUTCOMES as CSV: 202, queued → succeeded, a properly quoted download without persons', async () => {
    const res = await post(foundation, {
      type: 'FOUNDATION_OUTCOMES',
      format: 'csv',
      params: { groupBy: 'clinic' },
    }).expect(202);
    expect(res.body).toMatchObject({
      type: 'FOUNDATION_OUTCOMES',
      format: 'csv',
      status: 'queued',
      downloadUrl: null,
    });
    const done = await finished(foundation, res.body.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      error: null,
      downloadUrl: `/api/v1/reports/${res.body.id}/download`,
    });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));

    const file = await download(foundation, res.body.id).expect(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename="foundation-outcomes-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const csv = (file.body as Buffer).toString('utf8');
    // The clinic name holds a comma and quotes: one quoted field with doubled quotes.
    // 12 patients, each with one completed session (the aborted and cancelled ones do not count).
    expect(csv).toContain(`"Alpha, ""North"" ${team.clinic.name}",12,12,12,1,18 (0),7 (0),-11,`);
    expect(csv).toContain('Group,Enrolled,Treated,Sessions');
    expect(csv).not.toMatch(/Secret|MRN-|02139|secret@|1985/);
    // Another foundation user may download it too; a supervisor may not (403), a clinician is refused at the door.
    const colleague = await ctx.newUser('foundation');
    await download(colleague, res.body.id).expect(200);
    await download(team.supervisor, res.body.id).expect(403);
    await download(team.clinician, res.body.id).expect(403);
    const audit = await t.db.sql.query(
      `SELECT action, outcome, status_code FROM audit_events WHERE actor_id = $1 AND action LIKE 'report.%' ORDER BY seq`,
      [foundation.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['report.request', 'report.read', 'report.download']),
    );
  });

  it('FOUNDATION_OUTCOMES as PDF: a one- or two-page PDF with a chart', async () => {
    const admin = await ctx.admin();
    const res = await post(admin, {
      type: 'FOUNDATION_OUTCOMES',
      format: 'pdf',
      params: { groupBy: 'none' },
    }).expect(202);
    expect((await finished(admin, res.body.id)).status).toBe('succeeded');
    const file = await download(admin, res.body.id).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    const pdf = file.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(2);
    expect(pdf.length).toBeGreaterThan(3000);
  });

  it('SUPERVISOR_FLAG_DIGEST and CLINIC_ACTIVITY: own clinic only, JSON numbers from SQL', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const activity = await post(team.supervisor, {
      type: 'CLINIC_ACTIVITY',
      format: 'json',
      params: { clinicId: team.clinic.id, from, to: today },
    }).expect(202);
    await finished(team.supervisor, activity.body.id);
    const a = JSON.parse((await download(team.supervisor, activity.body.id).expect(200)).body.toString());
    // 12 completed, 2 aborted, 2 cancelled; completion = 12 / 14 of the sessions in which dosing began.
    expect(a.sessions).toMatchObject({ completed: 12, aborted: 2, cancelled: 2, total: 16 });
    expect(a.completionRate).toBeCloseTo(12 / 14, 4);
    expect(a.abortRate).toBeCloseTo(2 / 14, 4);
    expect(a.doses).toEqual({ count: 14, patients: 12 });

    const digest = await post(team.supervisor, {
      type: 'SUPERVISOR_FLAG_DIGEST',
      format: 'csv',
      params: { clinicId: team.clinic.id, from, to: today },
    }).expect(202);
    expect((await finished(team.supervisor, digest.body.id)).status).toBe('succeeded');
    const csv = (await download(team.supervisor, digest.body.id).expect(200)).body.toString();
    expect(csv).toContain('PHQ9_ITEM9_POSITIVE,warning,1,0,0,1,');

    // The other clinic's supervisor: 404 for this clinic (request and download); other roles: 403.
    await post(other.supervisor, {
      type: 'CLINIC_ACTIVITY',
      format: 'json',
      params: { clinicId: team.clinic.id },
    }).expect(404);
    await download(other.supervisor, digest.body.id).expect(404);
    await t
      .http()
      .get(`/api/v1/reports/${activity.body.id}`)
      .set('Authorization', other.supervisor.auth)
      .expect(404);
    for (const type of ['SUPERVISOR_FLAG_DIGEST', 'CLINIC_ACTIVITY']) {
      await post(foundation, { type, format: 'json', params: { clinicId: team.clinic.id } }).expect(403);
      await post(await ctx.admin(), { type, format: 'json', params: { clinicId: team.clinic.id } }).expect(
        403,
      );
      await post(team.clinician, { type, format: 'json', params: { clinicId: team.clinic.id } }).expect(403);
    }
    await download(foundation, digest.body.id).expect(403);
    await post(team.supervisor, { type: 'FOUNDATION_OUTCOMES', format: 'json' }).expect(403);
    await post(team.clinician, { type: 'FOUNDATION_OUTCOMES', format: 'json' }).expect(403);
  });

  it('validates type, format and params, naming the field', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await post(team.supervisor, body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad({ type: 'PATIENT_LIST', format: 'json' }, 'type');
    await bad({ type: 'CLINIC_ACTIVITY', format: 'docx', params: { clinicId: team.clinic.id } }, 'format');
    await bad({ type: 'CLINIC_ACTIVITY', format: 'json', params: {} }, 'params.clinicId');
    await bad(
      { type: 'CLINIC_ACTIVITY', format: 'json', params: { clinicId: team.clinic.id, patientId: 'x' } },
      'params.patientId',
    );
    await bad(
      { type: 'CLINIC_ACTIVITY', format: 'json', params: { clinicId: team.clinic.id, from: '2026-02-30' } },
      'params.from',
    );
    await bad(
      {
        type: 'CLINIC_ACTIVITY',
        format: 'json',
        params: { clinicId: team.clinic.id, from: '2026-03-01', to: '2026-02-01' },
      },
      'params.to',
    );
    await t.http().get('/api/v1/reports/not-a-uuid').set('Authorization', foundation.auth).expect(400);
    await t
      .http()
      .get('/api/v1/reports/00000000-0000-4000-8000-000000000000')
      .set('Authorization', foundation.auth)
      .expect(404);
  });

  it('the daily digest e-mails each clinic’s supervisors once, counts only, with the PDF attached', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const ds = t.app.get(DataSource);
    const outbox = t.app.get(OutboxService);
    for (const jobId of ['digest-run-1', 'digest-run-2']) {
      await ds.transaction((m) =>
        outbox.enqueue(m, {
          name: JobName.SupervisorDigest,
          jobId: `SupervisorDigest-${jobId}`,
          payload: { day },
        }),
      );
    }
    const mails = await until(async () => {
      const found = smtp.to(team.supervisor.email);
      return found.length ? found : null;
    });
    await until(async () => smtp.to(other.supervisor.email).length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(team.supervisor.email)).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toContain('Flag digest');
    expect(mail.raw).toContain('application/pdf');
    // The one item-9 flag was raised a month ago: none raised today, one still in the review queue.
    expect(mail.body).toContain('Raised: 0');
    expect(mail.body).toContain('Open or acknowledged now (all periods): 1');
    expect(mail.raw).not.toMatch(/Secret|MRN-|secret@/);
    const stored = await t.db.sql.query(`SELECT status, emailed_at FROM reports WHERE schedule_key = $1`, [
      `supervisor-digest.${team.clinic.id}.${day}`,
    ]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].status).toBe('succeeded');
    expect(stored.rows[0].emailed_at).not.toBeNull();
    // The digest of a clinic without flags is still sent to its supervisor (an all-clear).
    expect(smtp.to(team.clinician.email)).toHaveLength(0);
  });

  it('the weekly foundation report is stored once per day and readable by the foundation', async () => {
    const ds = t.app.get(DataSource);
    const outbox = t.app.get(OutboxService);
    for (const jobId of ['w1', 'w2']) {
      await ds.transaction((m) =>
        outbox.enqueue(m, {
          name: JobName.FoundationReportWeekly,
          jobId: `FoundationReportWeekly-${jobId}`,
          payload: {},
        }),
      );
    }
    const rows = await until(async () => {
      const r = await t.db.sql.query(
        `SELECT id, status FROM reports WHERE schedule_key LIKE 'foundation-weekly.%'`,
      );
      return r.rows.length && r.rows.every((x) => x.status === 'succeeded') ? r.rows : null;
    });
    expect(rows).toHaveLength(1);
    const list = await t.http().get('/api/v1/reports').set('Authorization', foundation.auth).expect(200);
    expect(list.body.map((r: { id: string }) => r.id)).toContain(rows[0].id);
    expect(list.body.every((r: { type: string }) => r.type === 'FOUNDATION_OUTCOMES')).toBe(true);
    await download(foundation, rows[0].id).expect(200);
  });

  it('schedules are registered with stable ids, once, across worker restarts', async () => {
    await t.startWorker();
    const producer = t.app.get(QueueProducer);
    const schedulers = (await Promise.all(producer.all().map((q) => q.getJobSchedulers(0, 100)))).flat();
    expect(schedulers.map((s) => s.key).sort()).toEqual(SCHEDULES.map((s) => s.id).sort());
    expect(schedulers.find((s) => s.key === 'supervisor-digest-daily')).toMatchObject({
      pattern: '0 7 * * *',
    });
  });

  it('the outbox sweep re-queues a relayed job that Redis lost, and leaves present ones alone', async () => {
    const producer = t.app.get(QueueProducer);
    // A job relayed 10 minutes ago that Redis no longer has; and one it has.
    const lost = `ReportGenerate-lost-${Date.now()}`;
    await t.db.sql.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, relayed_at) VALUES ('reports', 'ReportGenerate', $1, '{"reportId":"00000000-0000-4000-8000-000000000000"}', now() - interval '10 minutes')`,
      [lost],
    );
    const present = await t.db.sql.query(
      `UPDATE outbox SET relayed_at = now() - interval '10 minutes' WHERE id = (SELECT id FROM outbox WHERE job_name = 'ReportGenerate' AND job_id <> $1 ORDER BY id LIMIT 1) RETURNING id, job_id`,
      [lost],
    );
    const ds = t.app.get(DataSource);
    await ds.transaction((m) =>
      t.app
        .get(OutboxService)
        .enqueue(m, { name: JobName.OutboxSweep, jobId: `OutboxSweep-${Date.now()}`, payload: {} }),
    );
    const job = await until(async () => producer.queue(QueueName.Reports).getJob(lost));
    expect(job!.name).toBe('ReportGenerate');
    // The relay adds the job to Redis before its transaction marks the row relayed: wait for that commit.
    await until(async () => {
      const r = await t.db.sql.query(`SELECT 1 FROM outbox WHERE job_id = $1 AND relayed_at IS NOT NULL`, [
        lost,
      ]);
      return r.rows.length > 0;
    });
    // The lost row was relayed again just now; the present one kept its relay time of 10 minutes ago.
    const rows = await t.db.sql.query(
      `SELECT job_id, relayed_at > now() - interval '1 minute' AS recent FROM outbox WHERE job_id = ANY($1)`,
      [[lost, present.rows[0].job_id]],
    );
    const byId = Object.fromEntries(rows.rows.map((r) => [r.job_id, r.recent]));
    expect(byId).toEqual({ [lost]: true, [present.rows[0].job_id]: false });
  });

  it('GET /admin/queues (admin only) shows depth and failed jobs without payloads; /health/ready shows queue depth', async () => {
    // A report that cannot be built (its stored clinic id is not a UUID): retried, then failed with a reason.
    const [bad] = (
      await t.db.sql.query(
        `INSERT INTO reports (type, format, params) VALUES ('CLINIC_ACTIVITY', 'json', '{"clinicId":"broken","from":"2026-01-01","to":"2026-01-02"}') RETURNING id`,
      )
    ).rows;
    await t.db.sql.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload) VALUES ('reports', 'ReportGenerate', $1, $2)`,
      [`ReportGenerate-${bad.id}`, JSON.stringify({ reportId: bad.id })],
    );
    const failed = await until(async () => {
      const r = await t.db.sql.query(`SELECT status, error, attempts FROM reports WHERE id = $1`, [bad.id]);
      return r.rows[0].status === 'failed' ? r.rows[0] : null;
    });
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, error: 'generation failed (22P02)' });

    const admin = await ctx.admin();
    const dash = await until(async () => {
      const res = await t.http().get('/api/v1/admin/queues').set('Authorization', admin.auth).expect(200);
      const reports = res.body.queues.find((q: { name: string }) => q.name === 'reports');
      return reports.counts.failed >= 1 ? res.body : null;
    });
    expect(dash.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'escalations',
      'maintenance',
      'reminders',
      'reports',
    ]);
    const reports = dash.queues.find((q: { name: string }) => q.name === 'reports');
    expect(reports.failed).toContainEqual(
      expect.objectContaining({ id: `ReportGenerate-${bad.id}`, name: 'ReportGenerate', attemptsMade: 3 }),
    );
    expect(JSON.stringify(dash)).not.toContain('"data"');
    expect(dash.outbox).toMatchObject({ pending: expect.any(Number) });
    for (const user of [foundation, team.supervisor, team.clinician]) {
      await t.http().get('/api/v1/admin/queues').set('Authorization', user.auth).expect(403);
    }
    const ready = await t.http().get('/api/v1/health/ready').expect(200);
    expect(ready.body.details.queues.status).toBe('up');
    expect(ready.body.details.queues.reports).toMatchObject({
      failed: expect.any(Number),
      depth: expect.any(Number),
    });
  });
});
