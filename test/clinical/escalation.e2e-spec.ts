import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { FlagEscalationJob } from '../../libs/flags/src';
import { startTestApp, TestApp } from '../support/app';
import { ClinicalSteps } from '../support/clinical';
import { TestContext, TestUser } from '../support/factories';

async function until<T>(probe: () => Promise<T | null | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('escalation of unacknowledged critical flags (1-second clinic delay, real worker)', () => {
  let t: TestApp;
  let ctx: TestContext;
  let steps: ClinicalSteps;
  let worker: INestApplicationContext;
  let clinician: TestUser;
  let supervisor: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
    steps = new ClinicalSteps(t);
    const clinic = await ctx.newClinic({ settings: { escalationDelaySeconds: 1 } });
    [clinician, supervisor] = await Promise.all([
      ctx.newUser('clinician', [clinic.id]),
      ctx.newUser('supervisor', [clinic.id]),
    ]);
    worker = await t.startWorker();
  });
  afterAll(() => t.close());

  const criticalFlag = async () => {
    const patient = await ctx.newPatient(clinician);
    const s = await steps.readySession(clinician, patient.id);
    const res = await steps.vitals(clinician, s.id, { systolic: 190 }).expect(201);
    return res.body.flags.find((f: { code: string }) => f.code === 'BP_CRITICAL_PREDOSE');
  };

  it('notifies the supervisors and records it on the flag when nobody acknowledges', async () => {
    const flag = await criticalFlag();
    const { rows: jobs } = await t.db.sql.query(
      `SELECT job_id, available_at - created_at AS delay FROM outbox WHERE payload->>'flagId' = $1`,
      [flag.id],
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0].job_id).toBe(`FlagEscalate-${flag.id}`);
    const row = await until(async () => {
      const { rows } = await t.db.sql.query(`SELECT escalated_at, escalated_to FROM flags WHERE id = $1`, [
        flag.id,
      ]);
      return rows[0].escalated_at ? rows[0] : null;
    });
    expect(row.escalated_to).toBe(1);
    const line = t.logs.lines.find((l) => l.includes('"flag.escalated"') && l.includes(flag.id));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      flagId: flag.id,
      supervisorIds: [supervisor.id],
      channel: 'log',
    });
    expect(t.logs.text()).not.toMatch(/Testpatient|avery@example\.org/);
    const read = await steps.get(supervisor, `/flags/${flag.id}`).expect(200);
    expect(read.body.escalatedAt).not.toBeNull();
    // A retry or a second job for the same flag sends nothing again.
    const again = await worker.get(FlagEscalationJob).escalate(flag.id);
    expect(again).toEqual({ escalated: false, reason: 'already_escalated' });
  });

  it('does not escalate a flag acknowledged before the delay', async () => {
    const flag = await criticalFlag();
    await steps.post(supervisor, `/flags/${flag.id}/acknowledge`, { comment: 'On it' }).expect(200);
    await until(async () =>
      t.logs.lines.some((l) => l.includes('"flag.escalation_skipped"') && l.includes(flag.id)),
    );
    const { rows } = await t.db.sql.query(`SELECT escalated_at, status FROM flags WHERE id = $1`, [flag.id]);
    expect(rows[0]).toEqual({ escalated_at: null, status: 'acknowledged' });
    expect(t.logs.lines.some((l) => l.includes('"flag.escalated"') && l.includes(flag.id))).toBe(false);
  });

  it('warnings never escalate', async () => {
    const patient = await ctx.newPatient(clinician);
    const s = await steps.readySession(clinician, patient.id);
    const res = await steps.vitals(clinician, s.id, { systolic: 150 }).expect(201);
    const { rows } = await t.db.sql.query(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'flagId' = $1`,
      [res.body.flags[0].id],
    );
    expect(rows[0].n).toBe(0);
  });
});
