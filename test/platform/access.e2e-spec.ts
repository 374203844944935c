import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { PUBLIC_KEY, ROLES_KEY } from '../../libs/core/src';
import { startTestApp, TestApp } from '../support/app';
import { TestContext, TestUser } from '../support/factories';

interface Operation {
  method: string;
  path: string;
  security: boolean;
}

/** Per-patient data: no route under these may ever answer the foundation role. */
const PER_PATIENT = /^\/api\/v1\/(patients|intakes|sessions|flags|notes|assessments|reminders|audit-events)/;

describe('access control: deny by default, roles, clinic scope', () => {
  let t: TestApp;
  let ctx: TestContext;
  let operations: Operation[];
  let users: Record<'clinician' | 'supervisor' | 'foundation' | 'admin', TestUser>;
  let otherClinician: TestUser;
  let patientId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ctx = new TestContext(t);
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method, path, security: !!op.security?.length })),
    );
    const { clinic, clinician, supervisor } = await ctx.newClinicTeam();
    const other = await ctx.newClinic();
    otherClinician = await ctx.newUser('clinician', [other.id]);
    users = { clinician, supervisor, foundation: await ctx.newUser('foundation'), admin: await ctx.admin() };
    patientId = (await ctx.newPatient(clinician)).id;
    expect(clinic.id).toBeDefined();
  });
  afterAll(() => t.close());

  it('every route declares who may call it (roles or public)', () => {
    const undeclared: string[] = [];
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as { prototype: Record<string, unknown>; name: string } | null;
        if (!type) continue;
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = type.prototype[name];
          if (name === 'constructor' || typeof handler !== 'function') continue;
          if (
            Reflect.getMetadata(METHOD_METADATA, handler) === undefined ||
            Reflect.getMetadata(PATH_METADATA, handler) === undefined
          )
            continue;
          const declared = [handler, type].some(
            (target) =>
              Reflect.getMetadata(ROLES_KEY, target) !== undefined ||
              Reflect.getMetadata(PUBLIC_KEY, target) === true,
          );
          if (!declared) undeclared.push(`${type.name}.${name}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('every non-public route answers 401 without a token', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.security)) {
      const path = op.path.replace(/\{[^}]+\}/g, randomUUID());
      const res = await t.http()[op.method as 'get'](path).send({});
      if (res.status !== 401) failures.push(`${op.method.toUpperCase()} ${op.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
    expect(operations.filter((o) => o.security).length).toBeGreaterThan(10);
  });

  it('the foundation role reaches no per-patient route (403 on every one)', async () => {
    const failures: string[] = [];
    const perPatient = operations.filter((o) => PER_PATIENT.test(o.path));
    for (const op of perPatient) {
      const path = op.path.replace(/\{[^}]+\}/g, patientId);
      const res = await t
        .http()
        [op.method as 'get'](path)
        .set('Authorization', users.foundation.auth)
        .send({});
      if (res.status !== 403) failures.push(`${op.method.toUpperCase()} ${op.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
    expect(perPatient.length).toBeGreaterThanOrEqual(4);
  });

  const matrix: [string, string, (keyof typeof users)[]][] = [
    ['post', '/api/v1/clinics', ['admin']],
    ['get', '/api/v1/users', ['admin']],
    ['post', '/api/v1/users', ['admin']],
    ['get', '/api/v1/clinics', ['admin', 'clinician', 'supervisor']],
    ['get', '/api/v1/patients', ['clinician', 'supervisor']],
    ['get', '/api/v1/audit-events', ['supervisor', 'admin']],
    ['get', '/api/v1/auth/me', ['admin', 'clinician', 'supervisor', 'foundation']],
  ];
  it.each(matrix)('%s %s is allowed only to %j', async (method, path, allowed) => {
    for (const role of Object.keys(users) as (keyof typeof users)[]) {
      const res = await t.http()[method as 'get'](path).set('Authorization', users[role].auth).send({});
      if (allowed.includes(role)) expect([200, 201, 400]).toContain(res.status);
      else expect({ role, status: res.status }).toEqual({ role, status: 403 });
    }
  });

  it('another clinic’s patient answers 404 (read, update) and never appears in lists', async () => {
    const read = await t
      .http()
      .get(`/api/v1/patients/${patientId}`)
      .set('Authorization', otherClinician.auth)
      .expect(404);
    expect(read.body.code).toBe('NOT_FOUND');
    await t
      .http()
      .patch(`/api/v1/patients/${patientId}`)
      .set('Authorization', otherClinician.auth)
      .send({ givenName: 'X' })
      .expect(404);
    const list = await t.http().get('/api/v1/patients').set('Authorization', otherClinician.auth).expect(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(patientId);
    await t
      .http()
      .get(`/api/v1/patients?clinicId=${users.clinician.clinicIds[0]}`)
      .set('Authorization', otherClinician.auth)
      .expect(404);
    const create = await t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', otherClinician.auth)
      .send(ctx.patientBody(users.clinician.clinicIds[0]))
      .expect(404);
    expect(create.body.statusCode).toBe(404);
    const unchanged = await t.db.sql.query(`SELECT given_name FROM patients WHERE id = $1`, [patientId]);
    expect(unchanged.rows[0].given_name).toBe('Avery');
  });

  it('a supervisor of the clinic reads its patients; a non-UUID id is a 400 naming the parameter', async () => {
    await t
      .http()
      .get(`/api/v1/patients/${patientId}`)
      .set('Authorization', users.supervisor.auth)
      .expect(200);
    const bad = await t
      .http()
      .get('/api/v1/patients/not-a-uuid')
      .set('Authorization', users.supervisor.auth)
      .expect(400);
    expect(bad.body.details).toEqual([{ field: 'id', messages: ['id must be a UUID'] }]);
  });
});
