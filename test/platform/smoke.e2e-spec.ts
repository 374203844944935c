import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TestApp } from '../support/app';
import { TestContext } from '../support/factories';

describe('smoke', () => {
  let t: TestApp;
  let ctx: TestContext;
  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
  });
  afterAll(() => t.close());

  it('logs in the bootstrap admin and creates a clinic team and a patient', async () => {
    const { clinician } = await ctx.newClinicTeam();
    const patient = await ctx.newPatient(clinician);
    const res = await t
      .http()
      .get(`/api/v1/patients/${patient.id}`)
      .set('Authorization', clinician.auth)
      .expect(200);
    expect(res.body.id).toBe(patient.id);
  });
});
