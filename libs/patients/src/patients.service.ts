import { Injectable } from '@nestjs/common';
import {
  AuthUser,
  decodeCursor,
  DomainError,
  fieldError,
  Page,
  PgError,
  pgErrorCode,
  toPage,
} from '@kap/core';
import { DataSource } from 'typeorm';
import type {
  CreatePatientDto,
  ListPatientsQueryDto,
  PatientDto,
  UpdatePatientDto,
} from './http/patient.dto';

interface PatientRow {
  id: string;
  clinic_id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  sex_at_birth: PatientDto['sexAtBirth'];
  postal_code: string | null;
  email: string | null;
  phone: string | null;
  reminder_consent: boolean;
  primary_indication: PatientDto['primaryIndication'];
  scholarship_program_code: string | null;
  scholarship_awarded_on: string | null;
  status: PatientDto['status'];
  created_at: Date;
  updated_at: Date;
  sort_key?: string;
}

const COLUMNS = `id, clinic_id, mrn, given_name, family_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date,
  sex_at_birth, postal_code, email, phone, reminder_consent, primary_indication, scholarship_program_code,
  to_char(scholarship_awarded_on, 'YYYY-MM-DD') AS scholarship_awarded_on, status, created_at, updated_at`;

export function toPatientDto(r: PatientRow): PatientDto {
  return {
    id: r.id,
    clinicId: r.clinic_id,
    mrn: r.mrn,
    givenName: r.given_name,
    familyName: r.family_name,
    birthDate: r.birth_date,
    sexAtBirth: r.sex_at_birth,
    postalCode: r.postal_code,
    email: r.email,
    phone: r.phone,
    reminderConsent: r.reminder_consent,
    primaryIndication: r.primary_indication,
    scholarship:
      r.scholarship_program_code && r.scholarship_awarded_on
        ? { programCode: r.scholarship_program_code, awardedOn: r.scholarship_awarded_on }
        : null,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function assertBirthDate(birthDate: string | undefined) {
  if (birthDate === undefined) return;
  const today = new Date().toISOString().slice(0, 10);
  if (birthDate > today) throw fieldError('birthDate', 'birthDate cannot be in the future');
  if (birthDate < '1900-01-01') throw fieldError('birthDate', 'birthDate must be after 1900-01-01');
}

function assertAwardedOn(awardedOn: string | undefined) {
  const today = new Date().toISOString().slice(0, 10);
  if (awardedOn && awardedOn > today)
    throw fieldError('scholarship.awardedOn', 'awardedOn cannot be in the future');
}

/** Patients of a clinic. Every query names the clinic; scope (404 outside one's clinics) is checked by the gate. */
@Injectable()
export class PatientsService {
  constructor(private readonly dataSource: DataSource) {}

  async create(dto: CreatePatientDto): Promise<PatientDto> {
    assertBirthDate(dto.birthDate);
    assertAwardedOn(dto.scholarship?.awardedOn);
    try {
      const rows: PatientRow[] = await this.dataSource.query(
        `INSERT INTO patients (clinic_id, mrn, given_name, family_name, birth_date, sex_at_birth, postal_code, email, phone,
                               reminder_consent, primary_indication, scholarship_program_code, scholarship_awarded_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
        [
          dto.clinicId,
          dto.mrn,
          dto.givenName.trim(),
          dto.familyName.trim(),
          dto.birthDate,
          dto.sexAtBirth,
          dto.postalCode ?? null,
          dto.email ?? null,
          dto.phone ?? null,
          dto.reminderConsent,
          dto.primaryIndication,
          dto.scholarship?.programCode ?? null,
          dto.scholarship?.awardedOn ?? null,
        ],
      );
      return toPatientDto(rows[0]);
    } catch (error) {
      if (pgErrorCode(error) === PgError.UniqueViolation) {
        throw DomainError.conflict('MRN_TAKEN', 'A patient with this record number exists in the clinic');
      }
      throw error;
    }
  }

  async get(clinicId: string, id: string): Promise<PatientDto> {
    const rows: PatientRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM patients WHERE clinic_id = $1 AND id = $2`,
      [clinicId, id],
    );
    if (!rows[0]) throw DomainError.notFound('patient');
    return toPatientDto(rows[0]);
  }

  /** Alphabetical by family then given name; `q` matches the start of either name or of the record number. */
  async list(user: AuthUser, q: ListPatientsQueryDto): Promise<Page<PatientDto>> {
    const params: unknown[] = [q.clinicId ? [q.clinicId] : user.clinicIds];
    const where = [`clinic_id = ANY($1::uuid[])`];
    if (q.q?.trim()) {
      const term = q.q
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, (c) => `\\${c}`);
      params.push(`${term}%`);
      const p = `$${params.length}`;
      where.push(`(lower(family_name) LIKE ${p} OR lower(given_name) LIKE ${p} OR lower(mrn) LIKE ${p}
                   OR lower(family_name || ' ' || given_name) LIKE ${p} OR lower(given_name || ' ' || family_name) LIKE ${p})`);
    }
    const cursor = decodeCursor(q.cursor);
    if (cursor) {
      params.push(cursor.sort, cursor.id);
      where.push(
        `(lower(family_name || ' ' || given_name), id) > ($${params.length - 1}, $${params.length}::uuid)`,
      );
    }
    params.push(q.limit + 1);
    const rows: PatientRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, lower(family_name || ' ' || given_name) AS sort_key FROM patients
        WHERE ${where.join(' AND ')}
        ORDER BY lower(family_name || ' ' || given_name), id LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, q.limit, (r) => ({ sort: r.sort_key!, id: r.id }), toPatientDto);
  }

  async update(clinicId: string, id: string, dto: UpdatePatientDto): Promise<PatientDto> {
    assertBirthDate(dto.birthDate);
    assertAwardedOn(dto.scholarship?.awardedOn);
    const sets: string[] = [];
    const params: unknown[] = [clinicId, id];
    const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
    if (dto.givenName !== undefined) set('given_name', dto.givenName.trim());
    if (dto.familyName !== undefined) set('family_name', dto.familyName.trim());
    if (dto.birthDate !== undefined) set('birth_date', dto.birthDate);
    if (dto.sexAtBirth !== undefined) set('sex_at_birth', dto.sexAtBirth);
    if (dto.postalCode !== undefined) set('postal_code', dto.postalCode);
    if (dto.email !== undefined) set('email', dto.email);
    if (dto.phone !== undefined) set('phone', dto.phone);
    if (dto.reminderConsent !== undefined) set('reminder_consent', dto.reminderConsent);
    if (dto.primaryIndication !== undefined) set('primary_indication', dto.primaryIndication);
    if (dto.status !== undefined) set('status', dto.status);
    if (dto.scholarship !== undefined) {
      set('scholarship_program_code', dto.scholarship?.programCode ?? null);
      set('scholarship_awarded_on', dto.scholarship?.awardedOn ?? null);
    }
    if (sets.length === 0) return this.get(clinicId, id);
    const [rows] = (await this.dataSource.query(
      `UPDATE patients SET ${sets.join(', ')}, updated_at = now() WHERE clinic_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      params,
    )) as [PatientRow[], number];
    if (!rows[0]) throw DomainError.notFound('patient');
    return toPatientDto(rows[0]);
  }
}
