import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo-accounts';
import { seedIdentity } from '../../apps/api/src/demo/seed-identity';
import { OUTCOME_COURSES, seedOutcomeCourses } from '../../apps/api/src/demo/seed-outcomes';
import { seedPatients } from '../../apps/api/src/demo/seed-patients';
import { seedSessions } from '../../apps/api/src/demo/seed-sessions';
import { startTestApp, TestApp } from '../support/app';

describe('demo outcome courses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // The whole demo, in the order of seed:demo.
    const identity = await seedIdentity(t.app);
    await seedSessions(t.app, identity, await seedPatients(t.app, identity));
    await seedOutcomeCourses(t.app, identity);
  });
  afterAll(() => t.close());

  const read = async (email: string, mrn: string) => {
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email, password: DEMO_PASSWORD })
      .expect(200);
    const auth = `Bearer ${login.body.accessToken}`;
    const list = await t.http().get(`/api/v1/patients?q=${mrn}`).set('Authorization', auth).expect(200);
    const id = list.body.items[0].id as string;
    const outcomes = await t
      .http()
      .get(`/api/v1/patients/${id}/outcomes`)
      .set('Authorization', auth)
      .expect(200);
    const timeline = await t
      .http()
      .get(`/api/v1/patients/${id}/timeline?limit=200`)
      .set('Authorization', auth)
      .expect(200);
    return { outcomes: outcomes.body, timeline: timeline.body.items as { kind: string; status: string }[] };
  };

  it('shows a responder, a remitter and a non-responder, nine weeks after the first dose', async () => {
    const [responder, remitter, nonResponder] = await Promise.all(
      OUTCOME_COURSES.map((c) => read(c.clinician, c.patient.mrn)),
    );
    expect(responder.outcomes).toMatchObject({
      baseline: { totalScore: 19 },
      latest: { totalScore: 9 },
      response: true,
      remission: false,
      meaningfulImprovement: true,
      weeksSinceFirstDose: 9,
    });
    expect(remitter.outcomes).toMatchObject({
      baseline: { totalScore: 17 },
      latest: { totalScore: 3 },
      response: true,
      remission: true,
    });
    expect(nonResponder.outcomes).toMatchObject({
      baseline: { totalScore: 18 },
      latest: { totalScore: 15 },
      response: false,
      remission: false,
      meaningfulImprovement: false,
    });
    const kinds = responder.timeline.map((i) => i.kind);
    expect(kinds.filter((k) => k === 'session')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'note')).toHaveLength(2);
    expect(
      responder.timeline.filter((i) => i.kind === 'session').every((i) => i.status === 'completed'),
    ).toBe(true);
  });
});
