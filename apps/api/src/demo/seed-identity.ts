import type { INestApplicationContext } from '@nestjs/common';
import { ClinicsService, UsersService } from '@kap/identity';
import { DEMO_CLINICS, DEMO_PASSWORD, DEMO_USERS, DemoClinicKey } from './demo-accounts';

export interface DemoIdentity {
  clinics: Record<DemoClinicKey, string>;
  users: Record<string, string>;
}

export async function seedIdentity(app: INestApplicationContext): Promise<DemoIdentity> {
  const clinicsService = app.get(ClinicsService);
  const usersService = app.get(UsersService);
  const clinics = {} as Record<DemoClinicKey, string>;
  for (const c of DEMO_CLINICS) {
    const created = await clinicsService.create({ name: c.name, timeZone: c.timeZone });
    clinics[c.key] = created.id;
  }
  // Harbor's medical director tightened the pre-dose BP threshold; shows a clinic setting at work.
  await clinicsService.update(clinics.harbor, {
    settings: { predoseSystolic: 135, escalationDelaySeconds: 300 },
  });
  const users: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const created = await usersService.create({
      email: u.email,
      password: DEMO_PASSWORD,
      name: u.name,
      role: u.role,
      clinicIds: u.clinics.map((k) => clinics[k]),
    });
    users[u.email] = created.id;
  }
  return { clinics, users };
}
