import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startTestApp } from '../support/app';
import type { TestApp } from '../support/app';
import { buildWebApp, launchBrowser, screenshot, signIn } from '../support/browser';
import type { BrowserHandle } from '../support/browser';
import { TestContext } from '../support/factories';
import type { TestUser } from '../support/factories';

// A real browser on a shared CI machine: generous per-test time, each wait still bounded (support/browser.ts).
jest.setTimeout(120_000);

const DAY = 86_400_000;
/** Nine answers 0–3 adding up to `total`, item 9 at 0. */
const phq9 = (total: number) =>
  Array.from({ length: 9 }, (_, i) => (i < 8 ? Math.max(0, Math.min(3, total - 3 * i)) : 0));

/** A patient's course in the browser: intake review, PHQ-9 trajectory with outcomes, timeline, a signed note. */
describe('web dashboard (browser): intake review, patient page, notes', () => {
  let t: TestApp;
  let web: BrowserHandle;
  let team: Awaited<ReturnType<TestContext['newClinicTeam']>>;
  let patient: { id: string };
  let clinicianPage: Page;
  const now = Date.now();
  const at = (days: number, minutes = 0) => new Date(now + days * DAY + minutes * 60_000).toISOString();
  const post = (user: TestUser, path: string, body: object) =>
    t.http().post(`/api/v1${path}`).set('Authorization', user.auth).send(body);

  beforeAll(async () => {
    buildWebApp();
    t = await startTestApp();
    web = await launchBrowser(await t.listen());
    const ctx = new TestContext(t);
    team = await ctx.newClinicTeam();
    patient = await ctx.newPatient(team.clinician, { givenName: 'Jordan', familyName: 'Trajectory' });
    await post(team.clinician, `/patients/${patient.id}/intakes`, {
      performedAt: at(-60),
      conditions: ['SEIZURE_DISORDER'],
      medications: [],
      vitals: { systolic: 124, diastolic: 80, heartRate: 72, spo2: 98 },
      weightKg: 72,
      phq9: phq9(20),
      cssrs: { wishDead: false, suicidalThoughts: false, behavior: 'none' },
    }).expect(201);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  it('supervisor: reviews the intake that needs review, with its reason codes, and approves it', async () => {
    const { page } = await web.newPage();
    await signIn(page, team.supervisor.email, team.supervisor.password);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Intake reviews' })
      .click();
    const card = page.locator('li.card', { hasText: 'Trajectory, Jordan' });
    await card.getByText('SEIZURE_DISORDER').waitFor();
    await screenshot(page, '13-supervisor-intake-reviews');
    await card.getByLabel('Review comment').fill('EEG normal for 5 years; neurologist agrees');
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('No intake waits for review.').waitFor();
    const { rows } = await t.db.sql.query(`SELECT review_decision FROM intakes WHERE patient_id = $1`, [
      patient.id,
    ]);
    expect(rows).toEqual([{ review_decision: 'approved' }]);
  });

  it('clinician: the patient page shows the PHQ-9 trajectory, first dose, response and remission, intake and timeline', async () => {
    const session = await post(team.clinician, `/patients/${patient.id}/sessions`, {
      scheduledAt: at(-50),
      route: 'IM',
      plannedDoseMg: 36,
      weightKg: 72,
    }).expect(201);
    const sid = session.body.id;
    await post(team.clinician, `/sessions/${sid}/vitals`, {
      takenAt: at(-50),
      phase: 'pre_dose',
      systolic: 126,
      diastolic: 80,
      heartRate: 74,
      spo2: 98,
    }).expect(201);
    await post(team.clinician, `/sessions/${sid}/doses`, { administeredAt: at(-50, 10), doseMg: 36 }).expect(
      201,
    );
    for (const [day, total] of [
      [-43, 14],
      [-22, 8],
      [-2, 3],
    ]) {
      await post(team.clinician, `/patients/${patient.id}/assessments`, {
        instrument: 'PHQ9',
        answers: phq9(total),
        administeredAt: at(day),
        context: 'follow_up',
      }).expect(201);
    }

    ({ page: clinicianPage } = await web.newPage({ width: 1280, height: 800 }));
    await signIn(clinicianPage, team.clinician.email, team.clinician.password);
    await clinicianPage.goto(`/patients/${patient.id}`);
    await clinicianPage.getByRole('heading', { name: 'Trajectory, Jordan' }).waitFor();
    await clinicianPage.getByText('Response (≥ 50 % drop)').waitFor();
    await clinicianPage.getByText('Remission (PHQ-9 < 5)').waitFor();
    const chart = clinicianPage.locator('figure', { hasText: 'PHQ-9 over time' });
    await chart.locator('text.marker-label', { hasText: 'first dose' }).waitFor();
    expect(await chart.locator('circle').count()).toBe(4); // intake baseline + three follow-ups
    expect(await chart.locator('rect.band').count()).toBe(5);
    await clinicianPage.locator('.reasons code', { hasText: 'SEIZURE_DISORDER' }).waitFor();
    await clinicianPage.getByText(/Supervisor approved/).waitFor();
    await clinicianPage.locator('ol.timeline li', { hasText: 'Session 1' }).first().waitFor();
    await screenshot(clinicianPage, '07-clinician-patient-course');
  });

  it('clinician: writes a SOAP note, signs it, then adds an addendum', async () => {
    await clinicianPage.getByRole('button', { name: 'New SOAP note' }).click();
    await clinicianPage.getByRole('heading', { name: /SOAP integration note/ }).waitFor();
    await clinicianPage.getByRole('button', { name: 'Sign note' }).click();
    // Signing a blank note is refused, with the API's message beside each empty section.
    await clinicianPage.locator('.invalid .field-error').first().waitFor();
    await clinicianPage
      .getByLabel('Subjective: what the patient reports')
      .fill('Feels lighter; sleeping better.');
    await clinicianPage
      .getByLabel('Objective: what was observed and measured')
      .fill('Calm, good eye contact.');
    await clinicianPage.getByLabel('Assessment').fill('Integrating well.');
    await clinicianPage.getByLabel('Plan').fill('Follow-up in two weeks.');
    await clinicianPage.getByRole('button', { name: 'Save draft' }).click();
    await clinicianPage.getByText(/^Saved /).waitFor();
    await clinicianPage.getByRole('button', { name: 'Sign note' }).click();
    await clinicianPage.getByText(/Content SHA-256/).waitFor();
    await clinicianPage.getByLabel(/Addendum/).fill('Patient called: mood stable.');
    await clinicianPage.getByRole('button', { name: 'Add addendum' }).click();
    await clinicianPage.locator('ol.timeline li', { hasText: 'Patient called: mood stable.' }).waitFor();
    await screenshot(clinicianPage, '08-clinician-note-signed');
    const { rows } = await t.db.sql.query(
      `SELECT n.status, count(a.*)::int AS addenda FROM notes n LEFT JOIN note_addenda a ON a.note_id = n.id
        WHERE n.patient_id = $1 GROUP BY n.status`,
      [patient.id],
    );
    expect(rows).toEqual([{ status: 'signed', addenda: 1 }]);
  });
});
