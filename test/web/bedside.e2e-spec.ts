import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startTestApp } from '../support/app';
import type { TestApp } from '../support/app';
import { buildWebApp, launchBrowser, screenshot, signIn } from '../support/browser';
import type { BrowserHandle } from '../support/browser';
import { TestContext } from '../support/factories';
import type { TestUser } from '../support/factories';

const TABLET = { width: 1280, height: 800 };

/**
 * The bedside scenario in real browsers against the real API and worker: a pre-dose reading holds the
 * dose and the clinician sees why; the supervisor's queue shows the flag without a reload; the
 * supervisor overrides; the clinician doses. A clinician of another clinic sees none of it.
 */

// A real browser on a shared CI machine: generous per-test time, each wait still bounded (support/browser.ts).
jest.setTimeout(120_000);
describe('web dashboard (browser): bedside session, flag queue, hold override', () => {
  let t: TestApp;
  let ctx: TestContext;
  let web: BrowserHandle;
  let team: Awaited<ReturnType<TestContext['newClinicTeam']>>;
  let outsider: TestUser;
  let patient: { id: string };
  let sessionId: string;
  let clinicianPage: Page;
  let supervisorPage: Page;

  const api = (user: TestUser) => ({
    post: (path: string, body: object) =>
      t.http().post(`/api/v1${path}`).set('Authorization', user.auth).send(body),
  });

  beforeAll(async () => {
    buildWebApp();
    t = await startTestApp();
    await t.startWorker();
    web = await launchBrowser(await t.listen());
    ctx = new TestContext(t);
    team = await ctx.newClinicTeam();
    outsider = await ctx.newUser('clinician', [(await ctx.newClinic()).id]);
    patient = await ctx.newPatient(team.clinician, { givenName: 'Robin', familyName: 'Bedside' });
    const now = Date.now();
    await api(team.clinician)
      .post(`/patients/${patient.id}/intakes`, {
        performedAt: new Date(now - 86_400_000).toISOString(),
        conditions: [],
        medications: [],
        vitals: { systolic: 122, diastolic: 78, heartRate: 70, spo2: 98 },
        weightKg: 70,
        phq9: [2, 2, 2, 2, 2, 1, 1, 1, 0],
        cssrs: { wishDead: false, suicidalThoughts: false, behavior: 'none' },
      })
      .expect(201);
    const session = await api(team.clinician)
      .post(`/patients/${patient.id}/sessions`, {
        scheduledAt: new Date(now + 600_000).toISOString(),
        route: 'IM',
        plannedDoseMg: 35,
        weightKg: 70,
      })
      .expect(201);
    sessionId = session.body.id;
  }, 60_000);

  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  it('clinician: a validation message from the API appears next to the field', async () => {
    ({ page: clinicianPage } = await web.newPage(TABLET));
    await signIn(clinicianPage, team.clinician.email, team.clinician.password);
    await clinicianPage.goto(`/sessions/${sessionId}`);
    await clinicianPage.getByRole('heading', { name: /Session 1/ }).waitFor();
    expect(await clinicianPage.getByRole('radio', { name: 'Pre-dose' }).isChecked()).toBe(true);
    await clinicianPage.getByLabel('Systolic (mmHg)').fill('400');
    await clinicianPage.getByLabel('Diastolic (mmHg)').fill('95');
    await clinicianPage.getByLabel('Heart rate (bpm)').fill('80');
    await clinicianPage.getByRole('button', { name: 'Save reading' }).click();
    await clinicianPage.locator('[data-field="systolic"] .field-error', { hasText: /systolic/ }).waitFor();
    const { rows } = await t.db.sql.query(`SELECT count(*)::int AS n FROM vitals_readings`);
    expect(rows[0].n).toBe(0);
  });

  it('clinician: a high pre-dose reading holds the dose, and the screen says why', async () => {
    ({ page: supervisorPage } = await web.newPage());
    await signIn(supervisorPage, team.supervisor.email, team.supervisor.password);
    await supervisorPage.getByRole('heading', { name: 'Flag queue' }).waitFor();
    await supervisorPage.getByText('The queue is empty').waitFor();

    await clinicianPage.getByLabel('Systolic (mmHg)').fill('152');
    await clinicianPage.getByLabel('SpO₂ (%)').fill('98');
    await clinicianPage.getByRole('button', { name: 'Save reading' }).click();
    await clinicianPage.getByText('It raised:').waitFor();
    await clinicianPage.getByRole('alert').filter({ hasText: 'Dose on hold' }).waitFor();
    const dose = clinicianPage.getByRole('button', { name: 'Record dose' });
    expect(await dose.isDisabled()).toBe(true);
    await expect(clinicianPage.locator('#dose-reason').textContent()).resolves.toMatch(
      /BP elevated predose/i,
    );
    await screenshot(clinicianPage, '10-clinician-bedside-held');
  });

  it('supervisor: the flag appears in the queue without a reload; the hold is overridden with a reason', async () => {
    const flag = supervisorPage.locator('li.flag', { hasText: /BP elevated predose/i });
    await flag.waitFor({ timeout: 10_000 });
    await expect(flag.textContent()).resolves.toContain('Robin Bedside');
    await supervisorPage.locator('[data-count="total"] strong', { hasText: '1' }).waitFor();
    await screenshot(supervisorPage, '11-supervisor-flag-queue');

    await flag.getByRole('link', { name: 'open the session' }).click();
    await supervisorPage.getByRole('heading', { name: /Session 1/ }).waitFor();
    await supervisorPage
      .getByLabel('Reason (recorded in the audit log)')
      .fill('Repeat BP 138/88 after rest; benefit outweighs risk');
    await supervisorPage.getByRole('button', { name: 'Override the hold' }).click();
    await supervisorPage
      .getByRole('alert')
      .filter({ hasText: 'Dose on hold' })
      .waitFor({ state: 'detached' });
  });

  it('clinician: the dose button comes back without a reload, and the dose is recorded', async () => {
    const dose = clinicianPage.getByRole('button', { name: 'Record dose' });
    await clinicianPage.locator('#dose-reason', { hasText: 'Ready to dose.' }).waitFor({ timeout: 10_000 });
    await dose.click();
    await clinicianPage.getByText(/Dosed 35 mg/).waitFor();
    expect(await clinicianPage.getByRole('radio', { name: 'During' }).isChecked()).toBe(true);
    await screenshot(clinicianPage, '12-clinician-bedside-dosed');
    const { rows } = await t.db.sql.query(`SELECT dose_mg::float AS mg FROM doses WHERE session_id = $1`, [
      sessionId,
    ]);
    expect(rows).toEqual([{ mg: 35 }]);
  });

  it('supervisor: acknowledges, then resolves the flag with a comment; the queue empties on its own', async () => {
    await supervisorPage
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Flag queue' })
      .click();
    const flag = supervisorPage.locator('li.flag', { hasText: /BP elevated predose/i });
    await flag.waitFor();
    await supervisorPage.locator('[data-count="escalated"] strong', { hasText: '0' }).waitFor();
    await flag.getByLabel('Comment').fill('Seen at bedside');
    await flag.getByRole('button', { name: 'Acknowledge' }).click();
    await supervisorPage.locator('li.flag .flag-status', { hasText: 'Acknowledged' }).waitFor();
    await supervisorPage
      .locator('li.flag')
      .getByLabel('Comment')
      .fill('BP 132/84 after dose; no action needed');
    await supervisorPage.locator('li.flag').getByRole('button', { name: 'Resolve' }).click();
    await supervisorPage.getByText('The queue is empty').waitFor();
    const { rows } = await t.db.sql.query(
      `SELECT status, resolved_comment FROM flags WHERE session_id = $1 AND code = 'BP_ELEVATED_PREDOSE'`,
      [sessionId],
    );
    expect(rows).toEqual([
      { status: 'resolved', resolved_comment: 'BP 132/84 after dose; no action needed' },
    ]);
  });

  it('a clinician of another clinic sees none of it', async () => {
    const { page } = await web.newPage();
    await signIn(page, outsider.email, outsider.password);
    await page.goto(`/sessions/${sessionId}`);
    await page.getByRole('alert').filter({ hasText: 'Not found, or not in your clinics.' }).waitFor();
    expect(await page.content()).not.toContain('Bedside');
    await page.goto('/flags');
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
  });
});
