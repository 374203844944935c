import { randomBytes } from 'node:crypto';
import type { TestApp } from './app';
import { ADMIN } from './app';

export type Role = 'clinician' | 'supervisor' | 'foundation' | 'admin';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  clinicIds: string[];
  token: string;
  /** `Authorization` header value. */
  auth: string;
}

const suffix = () => randomBytes(4).toString('hex');

/**
 * Builds valid objects through the HTTP API, one override at a time (`ctx.newPatient({ scholarship })`).
 * Each suite makes its own clinic and users, so suites never see each other's records.
 */
export class TestContext {
  private adminUser?: TestUser;

  constructor(readonly t: TestApp) {}

  async admin(): Promise<TestUser> {
    if (this.adminUser) return this.adminUser;
    const res = await this.t.http().post('/api/v1/auth/login').send(ADMIN).expect(200);
    this.adminUser = {
      id: res.body.user.id,
      email: ADMIN.email,
      password: ADMIN.password,
      role: 'admin',
      clinicIds: [],
      token: res.body.accessToken,
      auth: `Bearer ${res.body.accessToken}`,
    };
    return this.adminUser;
  }

  async newClinic(
    overrides: Record<string, unknown> = {},
  ): Promise<{ id: string; name: string; settings: Record<string, number> }> {
    const admin = await this.admin();
    const res = await this.t
      .http()
      .post('/api/v1/clinics')
      .set('Authorization', admin.auth)
      .send({ name: `Clinic ${suffix()}`, timeZone: 'America/New_York', ...overrides })
      .expect(201);
    return res.body;
  }

  async newUser(
    role: Role,
    clinicIds: string[] = [],
    overrides: Record<string, unknown> = {},
  ): Promise<TestUser> {
    const admin = await this.admin();
    const email = `${role}-${suffix()}@test.example`;
    const password = `pw-${suffix()}-${suffix()}`;
    const res = await this.t
      .http()
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .send({ email, password, name: `Test ${role}`, role, clinicIds, ...overrides })
      .expect(201);
    return this.login({ id: res.body.id, email, password, role, clinicIds });
  }

  async login(u: Omit<TestUser, 'token' | 'auth'>): Promise<TestUser> {
    const res = await this.t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: u.email, password: u.password })
      .expect(200);
    return { ...u, token: res.body.accessToken, auth: `Bearer ${res.body.accessToken}` };
  }

  /** A clinic with a clinician and a supervisor of it. */
  async newClinicTeam() {
    const clinic = await this.newClinic();
    const [clinician, supervisor] = await Promise.all([
      this.newUser('clinician', [clinic.id]),
      this.newUser('supervisor', [clinic.id]),
    ]);
    return { clinic, clinician, supervisor };
  }

  patientBody(clinicId: string, overrides: Record<string, unknown> = {}) {
    return {
      clinicId,
      mrn: `MRN-${suffix()}`,
      givenName: 'Avery',
      familyName: `Testpatient${suffix()}`,
      birthDate: '1985-06-15',
      sexAtBirth: 'female',
      postalCode: '02139',
      email: 'avery@example.org',
      phone: '+1 555 0100',
      reminderConsent: true,
      primaryIndication: 'TRD',
      ...overrides,
    };
  }

  async newPatient(
    user: TestUser,
    overrides: Record<string, unknown> = {},
  ): Promise<{ id: string; clinicId: string } & Record<string, unknown>> {
    const res = await this.t
      .http()
      .post('/api/v1/patients')
      .set('Authorization', user.auth)
      .send(this.patientBody(user.clinicIds[0], overrides))
      .expect(201);
    return res.body;
  }
}
