import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, startTestApp, TestApp } from '../support/app';
import { TestContext } from '../support/factories';

describe('accounts and sign-in', () => {
  let t: TestApp;
  let ctx: TestContext;
  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
  });
  afterAll(() => t.close());

  it('signs in the bootstrap admin with a short-lived token and the user', async () => {
    const res = await t.http().post('/api/v1/auth/login').send(ADMIN).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 900,
      user: {
        id: expect.any(String),
        email: ADMIN.email,
        name: expect.any(String),
        role: 'admin',
        clinicIds: [],
      },
    });
    const [, payload] = res.body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(900);
    const hash = await t.db.sql.query(`SELECT password_hash FROM users WHERE email = $1`, [ADMIN.email]);
    expect(hash.rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('answers 401 alike for a wrong password and an unknown e-mail', async () => {
    const clinic = await ctx.newClinic();
    const user = await ctx.newUser('clinician', [clinic.id]);
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'not-the-password!' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@test.example', password: 'whatever-long-pw' })
      .expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('rate-limits failed sign-ins per e-mail with 429, even with the right password', async () => {
    const clinic = await ctx.newClinic();
    const user = await ctx.newUser('clinician', [clinic.id]);
    for (let i = 0; i < 5; i++) {
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: `wrong-password-${i}` })
        .expect(401);
    }
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(429);
    expect(res.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    const audit = await t.db.sql.query(
      `SELECT outcome, status_code FROM audit_events WHERE action = 'auth.login' AND status_code = 429`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('GET /auth/me answers the signed-in user; no token or a forged one is 401', async () => {
    const { clinic, clinician } = await ctx.newClinicTeam();
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', clinician.auth).expect(200);
    expect(me.body).toMatchObject({ id: clinician.id, role: 'clinician', clinicIds: [clinic.id] });
    await t.http().get('/api/v1/auth/me').expect(401);
    const forged = clinician.token.slice(0, -4) + 'AAAA';
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });

  it('a deactivated user’s token stops working at once', async () => {
    const admin = await ctx.admin();
    const clinic = await ctx.newClinic();
    const user = await ctx.newUser('clinician', [clinic.id]);
    await t.http().get('/api/v1/auth/me').set('Authorization', user.auth).expect(200);
    const res = await t
      .http()
      .patch(`/api/v1/users/${user.id}`)
      .set('Authorization', admin.auth)
      .send({ active: false })
      .expect(200);
    expect(res.body.active).toBe(false);
    await t.http().get('/api/v1/auth/me').set('Authorization', user.auth).expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(401);
  });

  it('refuses a weak password, a duplicate e-mail and clinics for a foundation account', async () => {
    const admin = await ctx.admin();
    const clinic = await ctx.newClinic();
    const weak = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({
        email: 'weak@test.example',
        password: 'short-pw',
        name: 'W',
        role: 'clinician',
        clinicIds: [clinic.id],
      })
      .expect(400);
    expect(weak.body.details).toEqual([
      { field: 'password', messages: ['password must be at least 12 characters'] },
    ]);
    const body = {
      email: 'dup@test.example',
      password: 'long-enough-pw-1',
      name: 'D',
      role: 'clinician',
      clinicIds: [clinic.id],
    };
    await t.http().post('/api/v1/users').set('Authorization', admin.auth).send(body).expect(201);
    const dup = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({ ...body, email: 'DUP@test.example' })
      .expect(409);
    expect(dup.body.code).toBe('EMAIL_TAKEN');
    const fnd = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({ ...body, email: 'f@test.example', role: 'foundation' })
      .expect(400);
    expect(fnd.body.details[0].field).toBe('clinicIds');
  });

  it('admin creates clinics with default thresholds and tightens, never loosens, them', async () => {
    const admin = await ctx.admin();
    const created = await t
      .http()
      .post('/api/v1/clinics')
      .set('Authorization', admin.auth)
      .send({ name: 'Thresholds Clinic', timeZone: 'Europe/Berlin' })
      .expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      name: 'Thresholds Clinic',
      timeZone: 'Europe/Berlin',
    });
    expect(created.body.settings).toMatchObject({
      predoseSystolic: 140,
      spo2Low: 92,
      escalationDelaySeconds: 600,
    });
    const tightened = await t
      .http()
      .patch(`/api/v1/clinics/${created.body.id}`)
      .set('Authorization', admin.auth)
      .send({ settings: { predoseSystolic: 130, spo2Low: 94 } })
      .expect(200);
    expect(tightened.body.settings).toMatchObject({
      predoseSystolic: 130,
      spo2Low: 94,
      predoseDiastolic: 90,
    });
    const looser = await t
      .http()
      .patch(`/api/v1/clinics/${created.body.id}`)
      .set('Authorization', admin.auth)
      .send({ settings: { predoseSystolic: 150 }, timeZone: 'Mars/Olympus' })
      .expect(400);
    expect(looser.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'settings',
      'timeZone',
    ]);
    const after = await t.db.sql.query(`SELECT settings FROM clinics WHERE id = $1`, [created.body.id]);
    expect(after.rows[0].settings).toEqual({ predoseSystolic: 130, spo2Low: 94 });
  });

  it('lists users with cursor pagination', async () => {
    const admin = await ctx.admin();
    const clinic = await ctx.newClinic();
    await Promise.all([1, 2, 3].map(() => ctx.newUser('supervisor', [clinic.id])));
    const first = await t
      .http()
      .get(`/api/v1/users?clinicId=${clinic.id}&limit=2`)
      .set('Authorization', admin.auth)
      .expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t
      .http()
      .get(`/api/v1/users?clinicId=${clinic.id}&limit=2&cursor=${first.body.nextCursor}`)
      .set('Authorization', admin.auth)
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
    expect(new Set(ids).size).toBe(3);
  });
});
