import type { TestApp } from './app';
import type { TestUser } from './factories';

/** Bodies and steps of the clinical flow through HTTP, with one override at a time. */
export const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export function intakeBody(overrides: Record<string, unknown> = {}) {
  return {
    performedAt: ago(24 * 60),
    conditions: [],
    medications: [{ name: 'sertraline', interactionClass: 'OTHER' }],
    vitals: { systolic: 122, diastolic: 78, heartRate: 72, spo2: 98 },
    weightKg: 70,
    phq9: [2, 2, 2, 2, 2, 2, 2, 2, 0],
    gad7: [1, 1, 1, 1, 1, 1, 1],
    cssrs: { wishDead: false, suicidalThoughts: false, behavior: 'none' },
    ...overrides,
  };
}

export const reading = (overrides: Record<string, unknown> = {}) => ({
  takenAt: ago(1),
  phase: 'pre_dose',
  systolic: 120,
  diastolic: 80,
  heartRate: 72,
  spo2: 98,
  respiratoryRate: 14,
  ...overrides,
});

export class ClinicalSteps {
  constructor(readonly t: TestApp) {}

  post(user: TestUser, path: string, body: unknown) {
    return this.t
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', user.auth)
      .send(body as object);
  }

  get(user: TestUser, path: string) {
    return this.t.http().get(`/api/v1${path}`).set('Authorization', user.auth);
  }

  async intake(user: TestUser, patientId: string, overrides: Record<string, unknown> = {}) {
    const res = await this.post(user, `/patients/${patientId}/intakes`, intakeBody(overrides)).expect(201);
    return res.body;
  }

  async session(user: TestUser, patientId: string, overrides: Record<string, unknown> = {}) {
    const res = await this.post(user, `/patients/${patientId}/sessions`, {
      scheduledAt: ago(90),
      route: 'IV',
      plannedDoseMg: 35,
      weightKg: 70,
      ...overrides,
    }).expect(201);
    return res.body;
  }

  /** A screened, eligible patient with a scheduled session. */
  async readySession(user: TestUser, patientId: string, overrides: Record<string, unknown> = {}) {
    await this.intake(user, patientId);
    return this.session(user, patientId, overrides);
  }

  vitals(user: TestUser, sessionId: string, overrides: Record<string, unknown> = {}) {
    return this.post(user, `/sessions/${sessionId}/vitals`, reading(overrides));
  }

  dose(user: TestUser, sessionId: string, overrides: Record<string, unknown> = {}) {
    return this.post(user, `/sessions/${sessionId}/doses`, {
      administeredAt: ago(0),
      doseMg: 35,
      ...overrides,
    });
  }
}
