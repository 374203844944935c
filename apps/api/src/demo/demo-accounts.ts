/** The demo network's accounts (documented in README.md). Demo only: never use these passwords for real data. */
export const DEMO_PASSWORD = 'Demo-Password-2026';

export const DEMO_CLINICS = [
  { key: 'harbor', name: 'Harbor KAP Clinic', timeZone: 'America/New_York' },
  { key: 'mesa', name: 'Mesa Integrative Psychiatry', timeZone: 'America/Denver' },
  { key: 'cascade', name: 'Cascade Ketamine Center', timeZone: 'America/Los_Angeles' },
] as const;

export type DemoClinicKey = (typeof DEMO_CLINICS)[number]['key'];

export const DEMO_USERS: {
  email: string;
  name: string;
  role: 'clinician' | 'supervisor' | 'foundation';
  clinics: DemoClinicKey[];
}[] = [
  { email: 'clinician@harbor.example', name: 'Dana Reyes, NP', role: 'clinician', clinics: ['harbor'] },
  { email: 'therapist@harbor.example', name: 'Sam Okafor, LMFT', role: 'clinician', clinics: ['harbor'] },
  {
    email: 'supervisor@harbor.example',
    name: 'Dr. Lena Park',
    role: 'supervisor',
    clinics: ['harbor', 'mesa'],
  },
  { email: 'clinician@mesa.example', name: 'Jordan Blake, RN', role: 'clinician', clinics: ['mesa'] },
  {
    email: 'clinician@cascade.example',
    name: 'Priya Natarajan, MD',
    role: 'clinician',
    clinics: ['cascade'],
  },
  {
    email: 'supervisor@cascade.example',
    name: 'Dr. Tomas Alvarez',
    role: 'supervisor',
    clinics: ['cascade'],
  },
  { email: 'grants@foundation.example', name: 'Foundation Grants Office', role: 'foundation', clinics: [] },
];
