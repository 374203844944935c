import type { INestApplicationContext } from '@nestjs/common';
import { CreatePatientDto, PatientsService } from '@kap/patients';
import type { DemoIdentity } from './seed-identity';

type DemoPatient = Omit<CreatePatientDto, 'clinicId'> & { clinic: keyof DemoIdentity['clinics'] };

/** Fictional people. A mix of indications, ages (one over 89), scholarship recipients and not. */
export const DEMO_PATIENTS: DemoPatient[] = [
  {
    clinic: 'harbor',
    mrn: 'H-1001',
    givenName: 'Maya',
    familyName: 'Lindqvist',
    birthDate: '1988-03-14',
    sexAtBirth: 'female',
    postalCode: '02139',
    email: 'maya.lindqvist@example.org',
    phone: '+1 555 0101',
    reminderConsent: true,
    primaryIndication: 'TRD',
    scholarship: { programCode: 'KAP-ACCESS', awardedOn: '2026-01-10' },
  },
  {
    clinic: 'harbor',
    mrn: 'H-1002',
    givenName: 'Ezra',
    familyName: 'Whitfield',
    birthDate: '1979-11-02',
    sexAtBirth: 'male',
    postalCode: '02143',
    email: 'ezra.w@example.org',
    reminderConsent: true,
    primaryIndication: 'PTSD',
    scholarship: { programCode: 'KAP-ACCESS', awardedOn: '2026-02-01' },
  },
  {
    clinic: 'harbor',
    mrn: 'H-1003',
    givenName: 'Rosa',
    familyName: 'Delgado',
    birthDate: '1995-07-21',
    sexAtBirth: 'female',
    postalCode: '02118',
    phone: '+1 555 0103',
    reminderConsent: false,
    primaryIndication: 'MDD',
  },
  {
    clinic: 'harbor',
    mrn: 'H-1004',
    givenName: 'Harold',
    familyName: 'Birch',
    birthDate: '1934-05-30',
    sexAtBirth: 'male',
    postalCode: '02134',
    reminderConsent: false,
    primaryIndication: 'TRD',
    scholarship: { programCode: 'KAP-ACCESS', awardedOn: '2026-03-15' },
  },
  {
    clinic: 'mesa',
    mrn: 'M-2001',
    givenName: 'Noor',
    familyName: 'Haddad',
    birthDate: '1990-09-09',
    sexAtBirth: 'female',
    postalCode: '87501',
    email: 'noor.h@example.org',
    reminderConsent: true,
    primaryIndication: 'BIPOLAR_DEPRESSION',
    scholarship: { programCode: 'KAP-ACCESS', awardedOn: '2026-01-20' },
  },
  {
    clinic: 'mesa',
    mrn: 'M-2002',
    givenName: 'Caleb',
    familyName: 'Morrow',
    birthDate: '2001-12-12',
    sexAtBirth: 'male',
    postalCode: '87505',
    email: 'caleb.m@example.org',
    reminderConsent: true,
    primaryIndication: 'ANXIETY',
  },
  {
    clinic: 'cascade',
    mrn: 'C-3001',
    givenName: 'Iris',
    familyName: 'Nakamura',
    birthDate: '1972-04-04',
    sexAtBirth: 'female',
    postalCode: '97205',
    email: 'iris.n@example.org',
    reminderConsent: true,
    primaryIndication: 'TRD',
    scholarship: { programCode: 'VETS-FIRST', awardedOn: '2026-02-10' },
  },
  {
    clinic: 'cascade',
    mrn: 'C-3002',
    givenName: 'Theo',
    familyName: 'Brennan',
    birthDate: '1985-08-18',
    sexAtBirth: 'male',
    postalCode: '97209',
    phone: '+1 555 0302',
    reminderConsent: true,
    primaryIndication: 'PTSD',
    scholarship: { programCode: 'VETS-FIRST', awardedOn: '2026-02-10' },
  },
];

export async function seedPatients(
  app: INestApplicationContext,
  identity: DemoIdentity,
): Promise<Record<string, string>> {
  const patients = app.get(PatientsService);
  const ids: Record<string, string> = {};
  for (const { clinic, ...p } of DEMO_PATIENTS) {
    const created = await patients.create({ ...p, clinicId: identity.clinics[clinic] });
    ids[p.mrn] = created.id;
  }
  return ids;
}
