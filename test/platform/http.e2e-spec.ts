import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TestApp } from '../support/app';
import { TestContext, TestUser } from '../support/factories';

describe('HTTP conventions', () => {
  let t: TestApp;
  let ctx: TestContext;
  let clinician: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
    ({ clinician } = await ctx.newClinicTeam());
  });
  afterAll(() => t.close());

  const countPatients = async () =>
    Number((await t.db.sql.query(`SELECT count(*) FROM patients`)).rows[0].count);

  it('a bad body answers 400 listing every failing field and changes nothing', async () => {
    const before = await countPatients();
    const res = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', clinician.auth)
      .send({
        ...ctx.patientBody(clinician.clinicIds[0]),
        birthDate: '1985-02-30',
        sexAtBirth: 'other',
        reminderConsent: 'yes',
        scholarship: { programCode: '', awardedOn: 'soon' },
      })
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      requestId: expect.any(String),
    });
    const fields = res.body.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual([
      'birthDate',
      'reminderConsent',
      'scholarship.awardedOn',
      'scholarship.programCode',
      'sexAtBirth',
    ]);
    expect(await countPatients()).toBe(before);
  });

  it('unknown fields are refused with 400 naming them', async () => {
    const res = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', clinician.auth)
      .send({ ...ctx.patientBody(clinician.clinicIds[0]), ssn: '123-45-6789' })
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'ssn', messages: ['property ssn should not exist'] }]);
  });

  it('bad query parameters are 400 too (limit 1–200, cursor)', async () => {
    const res = await t
      .http()
      .get('/api/v1/patients?limit=500')
      .set('Authorization', clinician.auth)
      .expect(400);
    expect(res.body.details[0].field).toBe('limit');
    const cur = await t
      .http()
      .get('/api/v1/patients?cursor=%25%25')
      .set('Authorization', clinician.auth)
      .expect(400);
    expect(cur.body.details[0].field).toBe('cursor');
  });

  it('malformed JSON is a 400 in the one error shape, not a 500', async () => {
    const res = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', clinician.auth)
      .set('Content-Type', 'application/json')
      .send('{"mrn": ')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, requestId: expect.any(String) });
  });

  it('every response carries a request id (the caller’s when valid) and security headers', async () => {
    const res = await t.http().get('/api/v1/health/live').set('X-Request-Id', 'trace-abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
    const own = await t
      .http()
      .get('/api/v1/health/live')
      .set('X-Request-Id', 'bad id with spaces')
      .expect(200);
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const err = await t.http().get('/api/v1/patients').expect(401);
    expect(err.body.requestId).toBe(err.headers['x-request-id']);
  });

  it('creating POSTs honour Idempotency-Key: same body replays, other body is 409', async () => {
    const body = ctx.patientBody(clinician.clinicIds[0]);
    const first = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', clinician.auth)
      .set('Idempotency-Key', 'create-1')
      .send(body)
      .expect(201);
    const before = await countPatients();
    const replay = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', clinician.auth)
      .set('Idempotency-Key', 'create-1')
      .send(body)
      .expect(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await countPatients()).toBe(before);
    const other = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', clinician.auth)
      .set('Idempotency-Key', 'create-1')
      .send({ ...body, mrn: 'OTHER-1' })
      .expect(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countPatients()).toBe(before);
  });

  it('a refused request does not consume its Idempotency-Key', async () => {
    const body = ctx.patientBody(clinician.clinicIds[0]);
    await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', clinician.auth)
      .set('Idempotency-Key', 'k-2')
      .send({ ...body, sexAtBirth: 'x' })
      .expect(400);
    await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', clinician.auth)
      .set('Idempotency-Key', 'k-2')
      .send(body)
      .expect(201);
  });

  it('a second patient with the same MRN in the clinic is 409', async () => {
    const body = ctx.patientBody(clinician.clinicIds[0]);
    await t.http().post('/api/v1/patients').set('Authorization', clinician.auth).send(body).expect(201);
    const dup = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', clinician.auth)
      .send({ ...body, givenName: 'Other' })
      .expect(409);
    expect(dup.body.code).toBe('MRN_TAKEN');
  });

  it('searches patients by the start of a name or record number', async () => {
    await ctx.newPatient(clinician, { givenName: 'Quincy', familyName: 'Zzyzx', mrn: 'SRCH-77' });
    for (const q of ['zzy', 'Quin', 'srch-7', 'zzyzx quincy']) {
      const res = await t
        .http()
        .get(`/api/v1/patients?q=${encodeURIComponent(q)}`)
        .set('Authorization', clinician.auth)
        .expect(200);
      expect(res.body.items.map((p: { mrn: string }) => p.mrn)).toEqual(['SRCH-77']);
    }
  });

  it('logs are JSON lines with the request id and never the PHI a request carried', async () => {
    const marker = 'Zebediah';
    await ctx.newPatient(clinician, {
      givenName: marker,
      familyName: 'Quagmire',
      birthDate: '1971-01-02',
      email: 'zq@example.org',
    });
    await t.http().get(`/api/v1/patients?q=${marker}`).set('Authorization', clinician.auth).expect(200);
    const text = t.logs.text();
    for (const phi of [marker, 'Quagmire', '1971-01-02', 'zq@example.org']) expect(text).not.toContain(phi);
    const line = t.logs.lines
      .map((l) => JSON.parse(l))
      .findLast((l) => l.route === '/api/v1/patients' && l.method === 'GET');
    expect(line).toMatchObject({ level: 'info', reqId: expect.any(String), status: 200 });
  });

  it('serves the OpenAPI document describing every route and the Swagger UI', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/patients',
      '/api/v1/patients/{id}',
      '/api/v1/audit-events',
      '/api/v1/clinics/{id}',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(doc.body.components.schemas.CreatePatientDto.required).toEqual(
      expect.arrayContaining(['clinicId', 'mrn', 'birthDate']),
    );
    const ui = await t.http().get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('health: live and ready (PostgreSQL and Redis up)', async () => {
    await t.http().get('/api/v1/health/live').expect(200, { status: 'ok' });
    const ready = await t.http().get('/api/v1/health/ready').expect(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });
});

describe('health when Redis is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => t.close());

  it('ready answers 503 naming Redis while live stays 200', async () => {
    await t.http().get('/api/v1/health/live').expect(200);
    const res = await t.http().get('/api/v1/health/ready').expect(503);
    expect(res.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'down' } });
  });
});
