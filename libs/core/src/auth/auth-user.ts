export const ROLES = ['clinician', 'supervisor', 'foundation', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user, re-read from the database on every request (a deactivation works at once). */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  clinicIds: string[];
}

/** Roles that work inside clinics and may see patient records of their own clinics. */
export const CLINICAL_ROLES: Role[] = ['clinician', 'supervisor'];
