import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { derivePhq9Outcome, selectPhq9Outcome } from '../../libs/clinical-rules/src';
import { startTestApp, TestApp } from '../support/app';
import { ago, ClinicalSteps } from '../support/clinical';
import { TestContext, TestUser } from '../support/factories';
import { seedCourse } from '../support/outcome-fixtures';

const phq9 = (total: number, item9 = 0) => {
  const answers = [0, 0, 0, 0, 0, 0, 0, 0, item9];
  let left = total - item9;
  for (let i = 0; i < 8 && left > 0; i++) {
    answers[i] = Math.min(3, left);
    left -= answers[i];
  }
  return answers;
};

describe('assessments, outcomes and the patient timeline', () => {
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

  const outcomes = async (patientId: string, user = clinician) =>
    (await steps.get(user, `/patients/${patientId}/outcomes`).expect(200)).body;
  const assess = (patientId: string, body: Record<string, unknown>) =>
    steps.post(clinician, `/patients/${patientId}/assessments`, {
      instrument: 'PHQ9',
      context: 'follow_up',
      administeredAt: ago(1),
      ...body,
    });

  it('follows a course as a clinician would: baseline, dose, follow-up, outcomes to the point', async () => {
    const patient = await ctx.newPatient(clinician);
    expect(await outcomes(patient.id)).toEqual({
      patientId: patient.id,
      instrument: 'PHQ9',
      firstDoseAt: null,
      baseline: null,
      latest: null,
      change: null,
      percentChange: null,
      response: null,
      remission: null,
      meaningfulImprovement: null,
      weeksSinceFirstDose: null,
    });
    const session = await steps.readySession(clinician, patient.id); // the intake stores a PHQ-9 of 16
    const baselineAt = ago(30);
    const baseline = await assess(patient.id, {
      context: 'pre_session',
      sessionId: session.id,
      answers: phq9(18),
      administeredAt: baselineAt,
    }).expect(201);
    expect(baseline.body).toMatchObject({
      totalScore: 18,
      severity: 'moderately_severe',
      flags: [],
      item9: 0,
    });
    await steps.vitals(clinician, session.id, { takenAt: ago(15) }).expect(201);
    const doseAt = ago(10);
    await steps.dose(clinician, session.id, { administeredAt: doseAt }).expect(201);

    const beforeFollowUp = await outcomes(patient.id);
    expect(beforeFollowUp).toMatchObject({
      firstDoseAt: doseAt,
      baseline: { totalScore: 18, administeredAt: baselineAt },
      latest: null,
      response: null,
      remission: null,
      weeksSinceFirstDose: 0,
    });

    const followUpAt = ago(2);
    await assess(patient.id, { answers: phq9(8), administeredAt: followUpAt }).expect(201);
    expect(await outcomes(patient.id)).toMatchObject({
      firstDoseAt: doseAt,
      baseline: { totalScore: 18, administeredAt: baselineAt },
      latest: { totalScore: 8, administeredAt: followUpAt },
      change: -10,
      percentChange: -55.6,
      response: true,
      remission: false,
      meaningfulImprovement: true,
      weeksSinceFirstDose: 0,
    });
    // The supervisor of the clinic reads the same.
    expect((await outcomes(patient.id, supervisor)).latest.totalScore).toBe(8);
  });

  it('computes outcomes in SQL exactly as the pure definitions do, on histories with every edge', async () => {
    const firstDoseAt = new Date('2026-02-02T15:00:00Z'); // the fixture doses 15 minutes later
    const doseAt = new Date(firstDoseAt.getTime() + 15 * 60_000);
    const courses: Record<string, [number, number][]> = {
      responder: [
        [-20, 22],
        [-1, 20],
        [14, 12],
        [56, 9],
      ],
      remitter: [
        [-2, 16],
        [28, 3],
      ],
      nonResponder: [
        [-3, 18],
        [7, 16],
        [84, 15],
      ],
      baselineZero: [
        [-1, 0],
        [10, 0],
      ],
      noBaseline: [
        [7, 12],
        [21, 8],
      ],
      noFollowUp: [[-5, 14]],
      atTheDose: [
        [0, 17],
        [30, 8],
      ],
    };
    const ids: Record<string, string> = {};
    for (const [name, scores] of Object.entries(courses))
      ids[name] = await seedCourse(t.db.sql, {
        clinicId: clinician.clinicIds[0],
        userId: clinician.id,
        firstDoseAt,
        phq9: scores,
        awardedOn: null,
      });
    // A tie in time after the dose: the one recorded later is the follow-up.
    const tieAt = new Date(doseAt.getTime() + 35 * 86_400_000);
    for (const [total, recorded] of [
      [4, '2026-03-10T10:00:00Z'],
      [6, '2026-03-10T10:00:01Z'],
    ] as const)
      await t.db.sql.query(
        `INSERT INTO assessments (clinic_id, patient_id, instrument, answers, total_score, severity, item9,
                                  administered_at, context, created_by, created_at)
         VALUES ($1, $2, 'PHQ9', $3, $4, 'minimal', 0, $5, 'follow_up', $6, $7)`,
        [clinician.clinicIds[0], ids.remitter, phq9(total), total, tieAt, clinician.id, recorded],
      );

    const now = new Date();
    for (const [name, id] of Object.entries(ids)) {
      const body = await outcomes(id);
      const { rows } = await t.db.sql.query(
        `SELECT total_score, administered_at, created_at, id FROM assessments WHERE patient_id = $1 AND instrument = 'PHQ9'`,
        [id],
      );
      const points = rows.map(
        (r: { total_score: number; administered_at: Date; created_at: Date; id: string }) => ({
          totalScore: r.total_score,
          administeredAt: r.administered_at,
          createdAt: r.created_at,
          id: r.id,
        }),
      );
      const expected = derivePhq9Outcome({ firstDoseAt: doseAt, ...selectPhq9Outcome(points, doseAt), now });
      expect({ name, ...body }).toEqual({
        name,
        patientId: id,
        ...expected,
        firstDoseAt: doseAt.toISOString(),
        baseline: expected.baseline && {
          ...expected.baseline,
          administeredAt: expected.baseline.administeredAt.toISOString(),
        },
        latest: expected.latest && {
          ...expected.latest,
          administeredAt: expected.latest.administeredAt.toISOString(),
        },
      });
    }

    // And by hand, to the point (CLINICAL-RULES.md §1).
    const weeks = Math.floor(Math.floor((now.getTime() - doseAt.getTime()) / 86_400_000) / 7);
    expect(await outcomes(ids.responder)).toMatchObject({
      baseline: { totalScore: 20 },
      latest: { totalScore: 9 },
      change: -11,
      percentChange: -55,
      response: true,
      remission: false,
      meaningfulImprovement: true,
      weeksSinceFirstDose: weeks,
    });
    expect(await outcomes(ids.remitter)).toMatchObject({
      baseline: { totalScore: 16 },
      latest: { totalScore: 6, administeredAt: tieAt.toISOString() },
      change: -10,
      percentChange: -62.5,
      response: true,
      remission: false,
      meaningfulImprovement: true,
    });
    expect(await outcomes(ids.nonResponder)).toMatchObject({
      baseline: { totalScore: 18 },
      latest: { totalScore: 15 },
      change: -3,
      percentChange: -16.7,
      response: false,
      remission: false,
      meaningfulImprovement: false,
    });
    expect(await outcomes(ids.baselineZero)).toMatchObject({
      change: 0,
      percentChange: null,
      response: null,
      remission: true,
      meaningfulImprovement: false,
    });
    expect(await outcomes(ids.noBaseline)).toMatchObject({
      baseline: null,
      latest: { totalScore: 8 },
      change: null,
      response: null,
      remission: false,
      meaningfulImprovement: null,
    });
    expect(await outcomes(ids.noFollowUp)).toMatchObject({
      baseline: { totalScore: 14 },
      latest: null,
      remission: null,
    });
    expect(await outcomes(ids.atTheDose)).toMatchObject({
      baseline: { totalScore: 17, administeredAt: doseAt.toISOString() },
      latest: { totalScore: 8 },
      response: true,
    });
  });

  it('raises PHQ9_ITEM9_POSITIVE into the supervisor queue: warning at 1, critical at 2–3, none at 0', async () => {
    const patient = await ctx.newPatient(clinician);
    const none = await assess(patient.id, { answers: phq9(10, 0) }).expect(201);
    expect(none.body.flags).toEqual([]);
    const warning = await assess(patient.id, { answers: phq9(10, 1) }).expect(201);
    expect(warning.body.flags).toEqual([
      expect.objectContaining({ code: 'PHQ9_ITEM9_POSITIVE', severity: 'warning', status: 'open' }),
    ]);
    const critical = await assess(patient.id, { answers: phq9(20, 3) }).expect(201);
    expect(critical.body.flags).toEqual([
      expect.objectContaining({ code: 'PHQ9_ITEM9_POSITIVE', severity: 'critical', status: 'open' }),
    ]);
    const two = await assess(patient.id, { answers: phq9(12, 2) }).expect(201);
    expect(two.body.flags[0].severity).toBe('critical');
    const { rows } = await t.db.sql.query(
      `SELECT source_id, severity FROM flags WHERE patient_id = $1 AND code = 'PHQ9_ITEM9_POSITIVE' ORDER BY raised_at`,
      [patient.id],
    );
    expect(rows).toEqual([
      { source_id: warning.body.id, severity: 'warning' },
      { source_id: critical.body.id, severity: 'critical' },
      { source_id: two.body.id, severity: 'critical' },
    ]);
    const queue = await steps.get(supervisor, `/flags?clinicId=${patient.clinicId}&status=open`).expect(200);
    const mine = queue.body.items.filter((f: { patientId: string }) => f.patientId === patient.id);
    expect(mine.map((f: { id: string }) => f.id).sort()).toEqual(
      [warning.body.flags[0].id, critical.body.flags[0].id, two.body.flags[0].id].sort(),
    );
    // The list shows each assessment with the flag it raised.
    const list = await steps.get(clinician, `/patients/${patient.id}/assessments`).expect(200);
    expect(list.body.items.find((a: { id: string }) => a.id === critical.body.id).flags[0].severity).toBe(
      'critical',
    );
  });

  it('refuses partial, out-of-range or future answer sets (400 naming the field) and stores nothing', async () => {
    const patient = await ctx.newPatient(clinician);
    const short = await assess(patient.id, { answers: [1, 1, 1, 1, 1, 1, 1, 1] }).expect(400);
    expect(short.body.details[0].field).toBe('answers');
    const high = await assess(patient.id, { answers: [0, 0, 0, 0, 4, 0, 0, 0, 0] }).expect(400);
    expect(high.body.details[0].field).toBe('answers');
    await assess(patient.id, { answers: [0, 0, 0, 0, 1.5, 0, 0, 0, 0] }).expect(400);
    await assess(patient.id, { instrument: 'GAD7', answers: phq9(5) }).expect(400);
    const future = await assess(patient.id, {
      answers: phq9(5),
      administeredAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    }).expect(400);
    expect(future.body.details[0].field).toBe('administeredAt');
    const pre = await assess(patient.id, { answers: phq9(5), context: 'pre_session' }).expect(400);
    expect(pre.body.details[0].field).toBe('sessionId');
    await assess(patient.id, { instrument: 'PHQ3', answers: [0] }).expect(400);
    await assess(patient.id, { answers: phq9(5), context: 'whenever' }).expect(400);
    await assess(patient.id, { answers: phq9(5), unknownField: 1 }).expect(400);
    const { rows } = await t.db.sql.query(
      `SELECT count(*)::int AS n FROM assessments WHERE patient_id = $1`,
      [patient.id],
    );
    expect(rows[0].n).toBe(0);
    // Within the 5-minute tolerance is fine; GAD-7 has no item 9.
    await assess(patient.id, {
      answers: phq9(5),
      administeredAt: new Date(Date.now() + 4 * 60_000).toISOString(),
    }).expect(201);
    const gad = await assess(patient.id, { instrument: 'GAD7', answers: [3, 3, 3, 3, 3, 0, 0] }).expect(201);
    expect(gad.body).toMatchObject({ totalScore: 15, severity: 'severe', item9: null, flags: [] });
  });

  it('lists assessments newest first, by instrument and time window, paginated', async () => {
    const patient = await ctx.newPatient(clinician);
    const times = [ago(60 * 24 * 30), ago(60 * 24 * 20), ago(60 * 24 * 10), ago(60)];
    for (const [i, at] of times.entries())
      await assess(patient.id, { answers: phq9(10 + i), administeredAt: at }).expect(201);
    await assess(patient.id, {
      instrument: 'GAD7',
      answers: [1, 1, 1, 1, 1, 1, 1],
      administeredAt: ago(30),
    }).expect(201);
    const page1 = await steps
      .get(clinician, `/patients/${patient.id}/assessments?instrument=PHQ9&limit=3`)
      .expect(200);
    const page2 = await steps
      .get(
        clinician,
        `/patients/${patient.id}/assessments?instrument=PHQ9&limit=3&cursor=${page1.body.nextCursor}`,
      )
      .expect(200);
    expect(
      [...page1.body.items, ...page2.body.items].map((a: { totalScore: number }) => a.totalScore),
    ).toEqual([13, 12, 11, 10]);
    expect(page2.body.nextCursor).toBeNull();
    const windowed = await steps
      .get(
        clinician,
        `/patients/${patient.id}/assessments?from=${encodeURIComponent(ago(60 * 24 * 25))}&to=${encodeURIComponent(ago(60 * 24 * 5))}`,
      )
      .expect(200);
    expect(windowed.body.items.map((a: { totalScore: number }) => a.totalScore)).toEqual([12, 11]);
    const all = await steps.get(clinician, `/patients/${patient.id}/assessments`).expect(200);
    expect(all.body.items[0]).toMatchObject({ instrument: 'GAD7', totalScore: 7, severity: 'mild' });
    await steps.get(clinician, `/patients/${patient.id}/assessments?instrument=BDI`).expect(400);
  });

  it('shows the timeline: intakes, sessions with their flags, assessments and notes without text, in time order', async () => {
    const patient = await ctx.newPatient(clinician);
    await steps.intake(clinician, patient.id, { performedAt: ago(60 * 24) });
    const session = await steps.session(clinician, patient.id, { scheduledAt: ago(90) });
    // A high pre-dose blood pressure raises a flag on the session.
    await steps
      .vitals(clinician, session.id, { takenAt: ago(80), systolic: 190, diastolic: 100 })
      .expect(201);
    const item9 = await assess(patient.id, { answers: phq9(14, 2), administeredAt: ago(40) }).expect(201);
    const note = await steps
      .post(clinician, `/patients/${patient.id}/notes`, {
        format: 'DAP',
        sessionId: session.id,
        content: { data: 'Private integration content', assessment: 'a', plan: 'p' },
      })
      .expect(201);

    const res = await steps.get(clinician, `/patients/${patient.id}/timeline`).expect(200);
    const items = res.body.items as {
      kind: string;
      id: string;
      at: string;
      title: string;
      status: string;
      flags: { code: string }[];
    }[];
    // The intake's own PHQ-9 and GAD-7 share its time (order among equal times: by id).
    expect(items.map((i) => i.kind).slice(0, 3)).toEqual(['note', 'assessment', 'session']);
    expect(
      items
        .map((i) => i.kind)
        .slice(3)
        .sort(),
    ).toEqual(['assessment', 'assessment', 'intake']);
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort().reverse());
    const sessionItem = items.find((i) => i.kind === 'session')!;
    expect(sessionItem.flags.map((f) => f.code)).toContain('BP_CRITICAL_PREDOSE');
    expect(items.find((i) => i.id === item9.body.id)).toMatchObject({
      title: 'PHQ-9 14 (moderate)',
      status: 'moderate',
      flags: [expect.objectContaining({ code: 'PHQ9_ITEM9_POSITIVE', severity: 'critical' })],
    });
    expect(items[0]).toMatchObject({ id: note.body.id, title: 'DAP integration note', status: 'draft' });
    expect(JSON.stringify(res.body)).not.toContain('Private integration content');

    const asc1 = await steps.get(clinician, `/patients/${patient.id}/timeline?order=asc&limit=2`).expect(200);
    const asc2 = await steps
      .get(clinician, `/patients/${patient.id}/timeline?order=asc&limit=2&cursor=${asc1.body.nextCursor}`)
      .expect(200);
    const asc3 = await steps
      .get(clinician, `/patients/${patient.id}/timeline?order=asc&limit=2&cursor=${asc2.body.nextCursor}`)
      .expect(200);
    expect(
      [...asc1.body.items, ...asc2.body.items, ...asc3.body.items].map((i: { id: string }) => i.id),
    ).toEqual(items.map((i) => i.id).reverse());
    expect(asc3.body.nextCursor).toBeNull();
    const onlyNotes = await steps
      .get(clinician, `/patients/${patient.id}/timeline?kind=note,intake`)
      .expect(200);
    expect(onlyNotes.body.items.map((i: { kind: string }) => i.kind)).toEqual(['note', 'intake']);
    await steps.get(clinician, `/patients/${patient.id}/timeline?kind=letters`).expect(400);
  });

  it('keeps every route inside the clinic: 404 to another clinic, 403 to foundation and admin', async () => {
    const patient = await ctx.newPatient(clinician);
    const outsider = await ctx.newClinicTeam();
    for (const path of ['assessments', 'outcomes', 'timeline'])
      await steps.get(outsider.clinician, `/patients/${patient.id}/${path}`).expect(404);
    await steps
      .post(outsider.clinician, `/patients/${patient.id}/assessments`, {
        instrument: 'PHQ9',
        answers: phq9(3),
        administeredAt: ago(1),
        context: 'follow_up',
      })
      .expect(404);
    const foundation = await ctx.newUser('foundation');
    const admin = await ctx.admin();
    for (const user of [foundation, admin])
      for (const path of ['assessments', 'outcomes', 'timeline'])
        await steps.get(user, `/patients/${patient.id}/${path}`).expect(403);
    const { rows } = await t.db.sql.query(
      `SELECT count(*)::int AS n FROM assessments WHERE patient_id = $1`,
      [patient.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('audits every read and write by id, never the answers', async () => {
    const { rows } = await t.db.sql.query(
      `SELECT action, patient_id, details::text AS details FROM audit_events
        WHERE action IN ('assessment.create', 'assessment.list', 'outcome.read', 'timeline.read') AND outcome = 'success'`,
    );
    expect(new Set(rows.map((r: { action: string }) => r.action))).toEqual(
      new Set(['assessment.create', 'assessment.list', 'outcome.read', 'timeline.read']),
    );
    expect(rows.every((r: { patient_id: string | null }) => r.patient_id)).toBe(true);
    expect(rows.some((r: { details: string }) => /answers|totalScore/.test(r.details))).toBe(false);
    expect(t.logs.text()).not.toContain('Private integration content');
  });
});
