import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startTestApp } from '../support/app';
import type { TestApp } from '../support/app';
import { buildWebApp, launchBrowser, screenshot, signIn } from '../support/browser';
import type { BrowserHandle } from '../support/browser';
import { TestContext } from '../support/factories';
import type { TestUser } from '../support/factories';

/** The dashboard in a real browser against the real API: sign-in, navigation by role, patients, admin. */

// A real browser on a shared CI machine: generous per-test time, each wait still bounded (support/browser.ts).
jest.setTimeout(120_000);
describe('web dashboard (browser): sign-in, roles, patients, admin', () => {
  let t: TestApp;
  let ctx: TestContext;
  let web: BrowserHandle;
  let team: Awaited<ReturnType<TestContext['newClinicTeam']>>;
  let outsider: TestUser;
  const pageErrors: string[] = [];

  const open = async (
    user: { email: string; password: string },
    viewport?: { width: number; height: number },
  ) => {
    const { page } = await web.newPage(viewport);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on(
      'console',
      (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && pageErrors.push(m.text()),
    );
    await signIn(page, user.email, user.password);
    return page;
  };
  const navItems = (page: Page) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();

  beforeAll(async () => {
    buildWebApp();
    t = await startTestApp();
    const base = await t.listen();
    web = await launchBrowser(base);
    ctx = new TestContext(t);
    team = await ctx.newClinicTeam();
    const other = await ctx.newClinic({ name: 'Other Clinic', timeZone: 'Europe/Berlin' });
    outsider = await ctx.newUser('clinician', [other.id]);
    await ctx.newPatient(team.clinician, { givenName: 'Avery', familyName: 'Zephyrson', mrn: 'MRN-ZEPH-1' });
    await ctx.newPatient(team.clinician, {
      givenName: 'Blake',
      familyName: 'Quillfeather',
      mrn: 'MRN-QUILL-2',
    });
  }, 60_000);

  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  it('serves the app at / and index.html for unknown app paths; unknown /api paths keep the JSON 404', async () => {
    const root = await t.http().get('/').expect(200);
    expect(root.text).toContain('<div id="app">');
    expect(root.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    const deep = await t.http().get('/patients/some/deep/link').expect(200);
    expect(deep.text).toContain('/js/main.js');
    await t
      .http()
      .get('/js/main.js')
      .expect(200)
      .expect('content-type', /javascript/);
    const api404 = await t.http().get('/api/v1/no-such-route').expect(404);
    expect(api404.body).toMatchObject({ statusCode: 404 });
    await t.http().get('/no-such-file.js').expect(404);
  });

  it('refuses a wrong password on the sign-in page and says so', async () => {
    const { page } = await web.newPage();
    await page.goto('/patients');
    await expect(page.waitForURL(/\/login\?next=%2Fpatients/)).resolves.toBeUndefined();
    await page.getByLabel('E-mail').fill(team.clinician.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /invalid|incorrect|wrong/i })
      .waitFor();
    await screenshot(page, '01-sign-in-error');
    expect(await page.evaluate("sessionStorage.getItem('kap.token')")).toBeNull();
  });

  it('shows each role only the screens it may use, and signs out', async () => {
    const clinician = await open(team.clinician);
    expect(await navItems(clinician)).toEqual(['Patients']);
    const supervisor = await open(team.supervisor);
    expect(await navItems(supervisor)).toEqual(['Patients', 'Flag queue', 'Intake reviews', 'Reports']);
    const foundation = await open(await ctx.newUser('foundation'));
    expect(await navItems(foundation)).toEqual(['Outcomes']);
    expect(foundation.url()).toMatch(/\/outcomes$/);
    const admin = await open(await ctx.admin());
    expect(await navItems(admin)).toEqual(['Outcomes', 'Clinics', 'Users']);

    // A clinician typing an admin address sees that it is not for them, and no admin data.
    await clinician.goto('/admin/users');
    await clinician.getByRole('heading', { name: 'Not available' }).waitFor();
    await clinician.getByRole('button', { name: 'Sign out' }).click();
    await clinician.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await clinician.evaluate("sessionStorage.getItem('kap.token')")).toBeNull();
  });

  it('clinician: searches the patient list, opens a patient, sees its empty states', async () => {
    const page = await open(team.clinician);
    await page.getByRole('link', { name: 'Zephyrson, Avery' }).waitFor();
    const rows = page.locator('table.list tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await screenshot(page, '02-clinician-patients');
    await page.getByLabel('Search').fill('Quill');
    // The list re-renders on each keystroke: wait for the answer to this search, not just the old row gone.
    await page.getByRole('link', { name: 'Quillfeather, Blake' }).waitFor();
    await page.getByRole('link', { name: 'Zephyrson, Avery' }).waitFor({ state: 'detached' });
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('Quillfeather, Blake');
    await page.getByLabel('Search').fill('nobody-like-this');
    await page.getByText('No patient matches this search.').waitFor();
    await page.getByLabel('Search').fill('MRN-ZEPH');
    await page.getByRole('link', { name: 'Zephyrson, Avery' }).click();
    await page.getByRole('heading', { name: 'Zephyrson, Avery' }).waitFor();
    await expect(page.locator('.facts').first().textContent()).resolves.toContain('MRN-ZEPH-1');
    await expect(page.locator('.facts').first().textContent()).resolves.toContain('America/New York');
    await screenshot(page, '03-clinician-patient');
  });

  it('clinician: registers a patient, with the API’s validation message beside the field', async () => {
    const page = await open(team.clinician, { width: 1280, height: 800 });
    await page.getByText('Register a new patient').click();
    await page.getByLabel('Record number (MRN)').fill('MRN-NEW-3');
    await page.getByLabel('Given name').fill('Casey');
    await page.getByLabel('Family name').fill('Newcomer');
    await page.getByLabel('Birth date').fill('1990-02-03');
    await page.getByLabel('Phone').fill('not a phone');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page
      .locator('[data-field="phone"] .field-error', { hasText: 'phone must be a phone number' })
      .waitFor();
    await expect(page.getByLabel('Phone').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Phone').fill('+1 555 0199');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByRole('heading', { name: 'Newcomer, Casey' }).waitFor();
    const { rows } = await t.db.sql.query(`SELECT clinic_id FROM patients WHERE mrn = 'MRN-NEW-3'`);
    expect(rows).toEqual([{ clinic_id: team.clinic.id }]);
  });

  it('a clinician of another clinic sees none of it: an empty list, and “not found” for a direct link', async () => {
    const [patient] = (
      await t.http().get('/api/v1/patients').set('Authorization', team.clinician.auth).expect(200)
    ).body.items;
    const page = await open(outsider);
    await page.getByText('No patients yet').waitFor();
    await page.goto(`/patients/${patient.id}`);
    await page.getByRole('alert').filter({ hasText: 'Not found, or not in your clinics.' }).waitFor();
    expect(await page.content()).not.toContain(patient.familyName);
    await screenshot(page, '04-other-clinic-not-found');
  });

  it('admin: tightens a clinic threshold, sees a loosening refused beside the field, and manages users', async () => {
    const page = await open(await ctx.admin());
    await page.goto('/admin/clinics');
    const card = page.locator(`[data-clinic-id="${team.clinic.id}"]`);
    await card.getByText('Vitals and discharge thresholds').click();
    await card.getByLabel('Predose systolic (mmHg)').fill('200');
    await card.getByRole('button', { name: 'Save clinic' }).click();
    await card
      .locator('.form-error, .field-error', { hasText: /predoseSystolic/ })
      .first()
      .waitFor();
    await card.getByLabel('Predose systolic (mmHg)').fill('135');
    await card.getByRole('button', { name: 'Save clinic' }).click();
    await card.getByText('Saved.').waitFor();
    const { rows } = await t.db.sql.query(`SELECT settings FROM clinics WHERE id = $1`, [team.clinic.id]);
    expect(rows[0].settings).toMatchObject({ predoseSystolic: 135 });
    await screenshot(page, '05-admin-clinics');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Create user' }) });
    await form.getByLabel('Name').fill('Dana Nurse');
    await form.getByLabel('E-mail').fill('dana.nurse@test.example');
    await form.getByLabel('Initial password').fill('short');
    await form.getByLabel(team.clinic.name).check();
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.locator('[data-field="password"] .field-error', { hasText: /at least/ }).waitFor();
    await form.getByLabel('Initial password').fill('a-long-enough-password-1');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByText('dana.nurse@test.example').waitFor();
    await screenshot(page, '06-admin-users');
    const { rows: users } = await t.db.sql.query(
      `SELECT role, active FROM users WHERE email = 'dana.nurse@test.example'`,
    );
    expect(users).toEqual([{ role: 'clinician', active: true }]);
  });

  it('raised no script error and no CSP violation on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
