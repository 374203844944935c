import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TestApp } from '../support/app';
import { TestContext, TestUser } from '../support/factories';
import { seedCourse } from '../support/outcome-fixtures';

/**
 * Foundation outcomes on a hand-computed data set. Clinic A: 12 scholarship recipients with the
 * baseline/latest PHQ-9 pairs below; clinic B: 3 recipients (a small cell); clinic C: 11 recipients
 * (shown on its own, hidden as B's complement). Plus people who must not count: a patient without a
 * scholarship, one awarded outside the period.
 */
const A_BASELINE = [20, 18, 15, 12, 22, 10, 16, 14, 9, 25, 11, 19];
const A_LATEST = [8, 4, 10, 6, 3, 5, 12, 2, 4, 20, 9, 9];

describe('GET /reports/foundation-outcomes', () => {
  let t: TestApp;
  let ctx: TestContext;
  let foundation: TestUser;
  let names: { a: string; b: string; c: string };
  const patientIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
    const [a, b, c] = await Promise.all([
      ctx.newClinic({ name: 'Alpha, "North" Clinic' }),
      ctx.newClinic({ name: 'Beta Clinic' }),
      ctx.newClinic({ name: 'Gamma Clinic' }),
    ]);
    names = { a: a.name, b: b.name, c: c.name };
    foundation = await ctx.newUser('foundation');
    const by = (await ctx.admin()).id;
    for (let i = 0; i < 12; i++) {
      patientIds.push(
        await seedCourse(t.db.sql, {
          userId: by,
          clinicId: a.id,
          // Born 1934: 92 at the first dose in 2026, so in the 90+ band.
          birthDate: '1934-03-01',
          sessions: i < 6 ? 2 : 1,
          // Week 4 (day 28, inside ±7) for the first 11; the 12th at day 40 is outside every window.
          phq9: [
            [-1, A_BASELINE[i]],
            [i < 11 ? 28 : 40, A_LATEST[i] + 2],
            [56, A_LATEST[i]],
          ],
          item9Flag: i < 2,
        }),
      );
    }
    for (let i = 0; i < 3; i++) {
      patientIds.push(
        await seedCourse(t.db.sql, {
          userId: by,
          clinicId: b.id,
          indication: 'PTSD',
          phq9: [
            [-1, 10],
            [56, 10],
          ],
        }),
      );
    }
    for (let i = 0; i < 11; i++) {
      patientIds.push(
        await seedCourse(t.db.sql, {
          userId: by,
          clinicId: c.id,
          indication: 'PTSD',
          phq9: [
            [-1, 10],
            [56, 10],
          ],
        }),
      );
    }
    // Not counted: no scholarship; awarded before the period.
    patientIds.push(
      await seedCourse(t.db.sql, {
        userId: by,
        clinicId: a.id,
        awardedOn: null,
        phq9: [
          [-1, 27],
          [56, 0],
        ],
      }),
    );
    patientIds.push(
      await seedCourse(t.db.sql, {
        userId: by,
        clinicId: a.id,
        awardedOn: '2024-06-01',
        phq9: [
          [-1, 27],
          [56, 0],
        ],
      }),
    );
  });
  afterAll(() => t.close());

  const get = (query: string, user = foundation) =>
    t.http().get(`/api/v1/reports/foundation-outcomes?${query}`).set('Authorization', user.auth);

  it('by clinic: hand-computed means, SDs, rates with Wilson bounds; small cell and its complement suppressed', async () => {
    const res = await get('from=2025-01-01&to=2026-12-31&groupBy=clinic').expect(200);
    const body = res.body;
    expect(body.suppressionThreshold).toBe(11);
    expect(body.filters).toEqual({ from: '2025-01-01', to: '2026-12-31', groupBy: 'clinic' });
    const byKey = Object.fromEntries(body.groups.map((g: { key: string }) => [g.key, g]));
    expect(Object.keys(byKey).sort()).toEqual([names.a, names.b, names.c].sort());

    const a = byKey[names.a];
    expect(a).toMatchObject({
      patientsEnrolled: 12,
      patientsTreated: 12,
      sessionsCompleted: 18,
      meanSessionsPerPatient: 1.5,
      phq9: { baselineMean: 15.92, baselineSd: 5.02, latestMean: 7.67, latestSd: 4.96, meanChange: -8.25 },
      // Baseline >= 10 and a follow-up: 11 of 12 (the 9 is out); 7 respond (latest <= half), 3 remit (< 5).
      responseRate: { value: 0.6364, ciLow: 0.3538, ciHigh: 0.8483, n: 11 },
      remissionRate: { value: 0.2727, ciLow: 0.0975, ciHigh: 0.5656, n: 11 },
      // 2 flagged patients: a count from 1 to 10, hidden (so the group says suppressed).
      item9FlaggedShare: null,
      suppressed: true,
    });
    expect(a.timeline).toEqual([
      { week: 0, meanPhq9: 15.92, n: 12 },
      { week: 1, meanPhq9: null, n: 0 },
      { week: 2, meanPhq9: null, n: 0 },
      // (8+4+10+6+3+5+12+2+4+20+9 + 11 × 2) / 11
      { week: 4, meanPhq9: 9.55, n: 11 },
      { week: 8, meanPhq9: 7.67, n: 12 },
      { week: 12, meanPhq9: null, n: 0 },
      { week: 26, meanPhq9: null, n: 0 },
    ]);

    // B has 3 patients (primary); C has 11 but is the only other cell, so the total would reveal B: hidden too.
    for (const key of [names.b, names.c]) {
      expect(byKey[key]).toMatchObject({
        suppressed: true,
        patientsEnrolled: null,
        patientsTreated: null,
        sessionsCompleted: null,
        phq9: { baselineMean: null, latestMean: null },
        responseRate: { value: null, n: null },
      });
    }

    // Total over 26: A plus 14 patients at 10 → 10.
    expect(body.total).toMatchObject({
      key: 'total',
      patientsEnrolled: 26,
      patientsTreated: 26,
      sessionsCompleted: 32,
      meanSessionsPerPatient: 1.23,
      phq9: { baselineMean: 12.73, baselineSd: 4.49, latestMean: 8.92, latestSd: 3.5, meanChange: -3.81 },
      responseRate: { value: 0.28, ciLow: 0.1428, ciHigh: 0.4758, n: 25 },
      remissionRate: { value: 0.12, ciLow: 0.0417, ciHigh: 0.2996, n: 25 },
      item9FlaggedShare: null,
    });
    expect(body.total.timeline.find((p: { week: number }) => p.week === 8)).toEqual({
      week: 8,
      meanPhq9: 8.92,
      n: 26,
    });
  });

  it('nothing identifies a person: no ids, names, record numbers, birth dates or postal codes', async () => {
    for (const groupBy of ['clinic', 'indication', 'cohort', 'age_band', 'none']) {
      const text = JSON.stringify((await get(`groupBy=${groupBy}`).expect(200)).body);
      for (const id of patientIds) expect(text).not.toContain(id);
      expect(text).not.toMatch(/Secret|MRN-|02139|secret@|1934|1985-06-15|2026-02-02/);
    }
  });

  it('by age band: ages over 89 only as 90+; by cohort: the quarter of the first dose; none: one group equal to the total', async () => {
    const bands = (await get('groupBy=age_band&from=2025-01-01').expect(200)).body;
    expect(
      bands.groups.map((g: { key: string; patientsEnrolled: number }) => [g.key, g.patientsEnrolled]),
    ).toEqual([
      ['35-44', 14],
      ['90+', 12],
    ]);
    const cohorts = (await get('groupBy=cohort&from=2025-01-01').expect(200)).body;
    expect(cohorts.groups.map((g: { key: string }) => g.key)).toEqual(['2026-Q1']);
    const none = (await get('groupBy=none&from=2025-01-01').expect(200)).body;
    expect(none.groups).toHaveLength(1);
    expect({ ...none.groups[0], key: 'total' }).toEqual(none.total);
    // Without a period every recipient counts, also the one awarded in 2024; the unfunded patient never does.
    const all = (await get('groupBy=none').expect(200)).body;
    expect(all.total.patientsEnrolled).toBe(27);
    // A period without recipients: no groups, a total of zeros (0 may be shown) and nothing derived.
    const empty = (await get('groupBy=clinic&from=2031-01-01').expect(200)).body;
    expect(empty.groups).toEqual([]);
    expect(empty.total).toMatchObject({
      suppressed: false,
      patientsEnrolled: 0,
      patientsTreated: 0,
      meanSessionsPerPatient: null,
      responseRate: { value: null, n: 0 },
      item9FlaggedShare: null,
    });
  });

  it('is for the foundation and admins only, and validates its query', async () => {
    const team = await ctx.newClinicTeam();
    await get('groupBy=clinic', team.clinician).expect(403);
    await get('groupBy=clinic', team.supervisor).expect(403);
    await get('groupBy=clinic', await ctx.admin()).expect(200);
    const bad = await get('groupBy=patient').expect(400);
    expect(JSON.stringify(bad.body.details)).toContain('groupBy');
    const order = await get('from=2026-05-01&to=2026-01-01').expect(400);
    expect(JSON.stringify(order.body.details)).toContain('to');
    await get('from=2026-13-01').expect(400);
    await get('groupBy=clinic&extra=1').expect(400);
  });
});
