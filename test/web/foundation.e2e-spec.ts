import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startTestApp } from '../support/app';
import type { TestApp } from '../support/app';
import { buildWebApp, launchBrowser, screenshot, signIn } from '../support/browser';
import type { BrowserHandle } from '../support/browser';
import { TestContext } from '../support/factories';
import type { TestUser } from '../support/factories';
import { seedCourse } from '../support/outcome-fixtures';

/** The foundation's outcomes dashboard in a real browser: rates with intervals; small cells never a number. */

// A real browser on a shared CI machine: generous per-test time, each wait still bounded (support/browser.ts).
jest.setTimeout(120_000);
describe('web dashboard (browser): foundation outcomes', () => {
  let t: TestApp;
  let web: BrowserHandle;
  let foundation: TestUser;
  let page: Page;

  beforeAll(async () => {
    buildWebApp();
    t = await startTestApp();
    await t.startWorker();
    web = await launchBrowser(await t.listen());
    const ctx = new TestContext(t);
    const { clinic, clinician } = await ctx.newClinicTeam();
    // 14 TRD recipients (8 respond, 4 of them remit) and 3 PTSD recipients: a small cell.
    for (let i = 0; i < 14; i++) {
      const latest = i < 4 ? 3 : i < 8 ? 9 : 16;
      await seedCourse(t.db.sql, {
        clinicId: clinic.id,
        userId: clinician.id,
        indication: 'TRD',
        sessions: 4,
        phq9: [
          [-3, 20],
          [7, 15],
          [28, Math.round((15 + latest) / 2)],
          [84, latest],
        ],
      });
    }
    for (let i = 0; i < 3; i++) {
      await seedCourse(t.db.sql, {
        clinicId: clinic.id,
        userId: clinician.id,
        indication: 'PTSD',
        sessions: 2,
        phq9: [
          [-2, 18],
          [28, 7],
        ],
      });
    }
    await seedCourse(t.db.sql, {
      clinicId: clinic.id,
      userId: clinician.id,
      awardedOn: null,
      phq9: [[-2, 25]],
    });
    foundation = await ctx.newUser('foundation');
    ({ page } = await web.newPage());
    await signIn(page, foundation.email, foundation.password);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  const rowCells = (name: string) =>
    page.locator('table.outcomes tbody tr', { has: page.locator('th', { hasText: name }) }).locator('td');

  it('shows the rates with their 95 % intervals as bars with error bars, and the PHQ-9 timeline', async () => {
    await page.getByRole('heading', { name: 'Scholarship outcomes' }).waitFor();
    await page.locator('table.outcomes tbody th', { hasText: 'All patients' }).waitFor();
    const cells = await rowCells('All patients').allTextContents();
    expect(cells[0]).toBe('17'); // enrolled: 14 + 3 recipients, the patient without a scholarship left out
    expect(cells[8]).toMatch(/^\d+ %/); // response rate with its interval
    expect(await page.locator('svg line.errorbar').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('figure', { hasText: 'Mean PHQ-9 by week' }).locator('polyline').count()).toBe(
      1,
    );
    await screenshot(page, '20-foundation-outcomes');
  });

  it('shows a suppressed cell as “fewer than 11”, never as a number', async () => {
    await page.getByLabel('Group by').selectOption('indication');
    await page.locator('table.outcomes tbody th', { hasText: 'PTSD' }).waitFor();
    const ptsd = await rowCells('PTSD').allTextContents();
    expect(ptsd.length).toBe(10);
    expect(ptsd.every((c) => c === 'fewer than 11')).toBe(true);
    await page.locator('svg text.suppressed-label', { hasText: 'fewer than 11' }).first().waitFor();
    // The real count (3) appears nowhere in the PTSD row, the bars or their tooltips.
    const row = await page.locator('table.outcomes tbody tr', { hasText: 'PTSD' }).textContent();
    expect(row!.replaceAll('fewer than 11', '')).not.toMatch(/\d/);
    await screenshot(page, '21-foundation-outcomes-suppressed');
  });

  it('requests a CSV report, sees its status change without a reload, and downloads it', async () => {
    await page.getByRole('button', { name: 'Request CSV' }).click();
    const item = page.locator('ul.reports li[data-report-id]').first();
    await item.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 30_000 });
    await screenshot(page, '22-foundation-report-files');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      item.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text.length).toBeGreaterThan(20);
    expect(text).not.toMatch(/Secretgiven|Secretfamily|MRN-/);
    const { rows } = await t.db.sql.query(`SELECT status, format FROM reports WHERE id = $1`, [
      await item.getAttribute('data-report-id'),
    ]);
    expect(rows).toEqual([{ status: 'succeeded', format: 'csv' }]);
  });
});
