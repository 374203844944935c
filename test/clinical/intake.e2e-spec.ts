import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TestApp } from '../support/app';
import { ago, ClinicalSteps, intakeBody } from '../support/clinical';
import { TestContext, TestUser } from '../support/factories';

describe('intake screening', () => {
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

  it('computes eligibility with reason codes and stores the PHQ-9 and GAD-7 as intake assessments', async () => {
    const patient = await ctx.newPatient(clinician);
    const res = await steps
      .post(
        clinician,
        `/patients/${patient.id}/intakes`,
        intakeBody({
          conditions: ['SEIZURE_DISORDER'],
          medications: [{ name: 'lorazepam', interactionClass: 'BENZODIAZEPINE' }],
          vitals: { systolic: 142, diastolic: 80, heartRate: 70 },
        }),
      )
      .expect(201);
    expect(res.body.eligibility).toBe('needs_review');
    expect(res.body.reasons.map((r: { code: string }) => r.code)).toEqual([
      'SEIZURE_DISORDER',
      'MED_BENZODIAZEPINE',
      'BASELINE_BP_ELEVATED',
    ]);
    expect(res.body.review).toBeNull();
    const { rows } = await t.db.sql.query(
      `SELECT instrument, total_score, severity, context, answers FROM assessments WHERE intake_id = $1 ORDER BY instrument`,
      [res.body.id],
    );
    expect(rows).toEqual([
      {
        instrument: 'GAD7',
        total_score: 7,
        severity: 'mild',
        context: 'intake',
        answers: [1, 1, 1, 1, 1, 1, 1],
      },
      {
        instrument: 'PHQ9',
        total_score: 16,
        severity: 'moderately_severe',
        context: 'intake',
        answers: [2, 2, 2, 2, 2, 2, 2, 2, 0],
      },
    ]);
    const read = await steps.get(clinician, `/intakes/${res.body.id}`).expect(200);
    expect(read.body).toMatchObject({
      id: res.body.id,
      eligibility: 'needs_review',
      phq9: { totalScore: 16 },
    });
    const list = await steps.get(clinician, `/patients/${patient.id}/intakes`).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([res.body.id]);
  });

  it('an absolute contraindication is ineligible; the review is refused (409)', async () => {
    const patient = await ctx.newPatient(clinician);
    const intake = await steps.intake(clinician, patient.id, { conditions: ['PREGNANCY', 'MANIA_HISTORY'] });
    expect(intake.eligibility).toBe('ineligible');
    expect(intake.reasons[0]).toMatchObject({ code: 'PREGNANCY', kind: 'absolute' });
    const review = await steps
      .post(supervisor, `/intakes/${intake.id}/review`, { decision: 'approved', comment: 'ok' })
      .expect(409);
    expect(review.body.code).toBe('INTAKE_NOT_REVIEWABLE');
    const session = await steps
      .post(clinician, `/patients/${patient.id}/sessions`, {
        scheduledAt: ago(-60),
        route: 'IV',
        plannedDoseMg: 35,
        weightKg: 70,
      })
      .expect(409);
    expect(session.body.code).toBe('NO_ELIGIBLE_INTAKE');
  });

  it('high C-SSRS risk and item 9 raise patient-level flags into the queue; a supervisor approves', async () => {
    const patient = await ctx.newPatient(clinician);
    const intake = await steps.intake(clinician, patient.id, {
      phq9: [1, 1, 1, 1, 1, 1, 1, 1, 2],
      cssrs: { wishDead: true, suicidalThoughts: true, intent: true, behavior: 'none' },
    });
    expect(intake).toMatchObject({ eligibility: 'needs_review', cssrsRisk: 'high' });
    expect(intake.reasons.map((r: { code: string }) => r.code)).toEqual([
      'SUICIDE_RISK_HIGH',
      'PHQ9_ITEM9_POSITIVE',
    ]);
    expect(intake.flags.map((f: { code: string; severity: string }) => [f.code, f.severity]).sort()).toEqual([
      ['PHQ9_ITEM9_POSITIVE', 'critical'],
      ['SUICIDE_RISK_HIGH', 'critical'],
    ]);
    const queue = await steps.get(supervisor, `/flags?patientId=${patient.id}`).expect(200);
    expect(queue.body.items).toHaveLength(2);
    expect(queue.body.items.every((f: { sessionId: string | null }) => f.sessionId === null)).toBe(true);

    const pending = await steps
      .get(supervisor, `/intakes?clinicId=${supervisor.clinicIds[0]}&eligibility=needs_review&reviewed=false`)
      .expect(200);
    expect(pending.body.items.map((i: { id: string }) => i.id)).toContain(intake.id);

    // No session before the review.
    await steps
      .post(clinician, `/patients/${patient.id}/sessions`, {
        scheduledAt: ago(-60),
        route: 'IV',
        plannedDoseMg: 35,
        weightKg: 70,
      })
      .expect(409);
    await steps
      .post(clinician, `/intakes/${intake.id}/review`, { decision: 'approved', comment: 'x' })
      .expect(403);
    const approved = await steps
      .post(supervisor, `/intakes/${intake.id}/review`, {
        decision: 'approved',
        comment: 'Safety plan in place',
      })
      .expect(200);
    expect(approved.body.review).toMatchObject({ decision: 'approved', reviewedBy: supervisor.id });
    await steps
      .post(supervisor, `/intakes/${intake.id}/review`, { decision: 'declined', comment: 'again' })
      .expect(409);
    await steps
      .post(clinician, `/patients/${patient.id}/sessions`, {
        scheduledAt: ago(-60),
        route: 'IV',
        plannedDoseMg: 35,
        weightKg: 70,
      })
      .expect(201);
  });

  it('a declined intake does not allow a session', async () => {
    const patient = await ctx.newPatient(clinician);
    const intake = await steps.intake(clinician, patient.id, { conditions: ['HEPATIC_IMPAIRMENT'] });
    await steps
      .post(supervisor, `/intakes/${intake.id}/review`, {
        decision: 'declined',
        comment: 'Liver panel first',
      })
      .expect(200);
    const res = await steps
      .post(clinician, `/patients/${patient.id}/sessions`, {
        scheduledAt: ago(-60),
        route: 'IV',
        plannedDoseMg: 35,
        weightKg: 70,
      })
      .expect(409);
    expect(res.body.code).toBe('NO_ELIGIBLE_INTAKE');
  });

  it.each([
    ['phq9', { phq9: [1, 1, 1, 1, 1, 1, 1, 1] }],
    ['phq9', { phq9: [1, 1, 1, 1, 1, 1, 1, 1, 4] }],
    ['gad7', { gad7: [1, 1, 1] }],
    ['conditions', { conditions: ['NOT_A_CODE'] }],
    ['vitals.systolic', { vitals: { systolic: 20, diastolic: 10, heartRate: 70 } }],
    ['performedAt', { performedAt: ago(-10) }],
    ['cssrs.behavior', { cssrs: { wishDead: false, suicidalThoughts: false, behavior: 'sometimes' } }],
    ['medications.0.interactionClass', { medications: [{ name: 'x', interactionClass: 'SSRI' }] }],
  ])('400 naming %s, and nothing stored', async (field, overrides) => {
    const patient = await ctx.newPatient(clinician);
    const res = await steps
      .post(clinician, `/patients/${patient.id}/intakes`, intakeBody(overrides))
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    const { rows } = await t.db.sql.query(`SELECT count(*)::int AS n FROM intakes WHERE patient_id = $1`, [
      patient.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('another clinic answers 404', async () => {
    const other = await ctx.newClinicTeam();
    const patient = await ctx.newPatient(clinician);
    const intake = await steps.intake(clinician, patient.id);
    await steps.get(other.clinician, `/intakes/${intake.id}`).expect(404);
    await steps
      .post(other.supervisor, `/intakes/${intake.id}/review`, { decision: 'approved', comment: 'x' })
      .expect(404);
    await steps.post(other.clinician, `/patients/${patient.id}/intakes`, intakeBody()).expect(404);
  });
});
