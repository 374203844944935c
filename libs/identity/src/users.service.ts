import { Injectable } from '@nestjs/common';
import { AuthUser, decodeCursor, DomainError, fieldError, Page, Role, toPage } from '@kap/core';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from './password';
import type { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto } from './http/user.dto';

const CLINIC_ROLES: Role[] = ['clinician', 'supervisor'];

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  clinicIds: string[];
}

const SELECT_USER = `
  SELECT u.id, u.email, u.name, u.role, u.active,
         coalesce(array(SELECT m.clinic_id::text FROM clinic_memberships m WHERE m.user_id = u.id ORDER BY 1), '{}') AS "clinicIds"
    FROM users u`;

@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  async create(dto: CreateUserDto): Promise<UserDto> {
    this.assertMemberships(dto.role, dto.clinicIds);
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (m) => {
      await this.assertClinicsExist(m, dto.clinicIds);
      const existing = await m.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [dto.email]);
      if (existing.length) throw DomainError.conflict('EMAIL_TAKEN', 'An account with this e-mail exists');
      const [{ id }] = (await m.query(
        `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
        [dto.email, dto.name.trim(), dto.role, passwordHash],
      )) as { id: string }[];
      await this.setMemberships(m, id, dto.clinicIds);
      return this.load(m, id);
    });
  }

  async list(q: ListUsersQueryDto): Promise<Page<UserDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.role) where.push(`u.role = $${params.push(q.role)}`);
    if (q.clinicId) {
      where.push(
        `EXISTS (SELECT 1 FROM clinic_memberships m WHERE m.user_id = u.id AND m.clinic_id = $${params.push(q.clinicId)})`,
      );
    }
    const cursor = decodeCursor(q.cursor);
    if (cursor)
      where.push(`(lower(u.email), u.id) > ($${params.push(cursor.sort)}, $${params.push(cursor.id)}::uuid)`);
    const rows: UserRow[] = await this.dataSource.query(
      `${SELECT_USER} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY lower(u.email), u.id LIMIT $${params.push(q.limit + 1)}`,
      params,
    );
    return toPage(
      rows,
      q.limit,
      (r) => ({ sort: r.email.toLowerCase(), id: r.id }),
      (r) => r,
    );
  }

  get(id: string): Promise<UserDto> {
    return this.load(this.dataSource.manager, id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    return this.dataSource.transaction(async (m) => {
      const current = await this.load(m, id);
      if (actor.id === id && (dto.active === false || (dto.role && dto.role !== current.role))) {
        throw DomainError.conflict('SELF_LOCKOUT', 'An admin cannot deactivate or demote their own account');
      }
      const role = dto.role ?? current.role;
      const clinicIds = dto.clinicIds ?? (CLINIC_ROLES.includes(role) ? current.clinicIds : []);
      this.assertMemberships(role, clinicIds);
      await this.assertClinicsExist(m, clinicIds);
      await m.query(
        `UPDATE users SET name = coalesce($2, name), role = $3, active = coalesce($4, active),
                          password_hash = coalesce($5, password_hash), updated_at = now()
          WHERE id = $1`,
        [id, dto.name?.trim() ?? null, role, dto.active ?? null, passwordHash],
      );
      await this.setMemberships(m, id, clinicIds);
      return this.load(m, id);
    });
  }

  private assertMemberships(role: Role, clinicIds: string[]) {
    if (!CLINIC_ROLES.includes(role) && clinicIds.length > 0) {
      throw fieldError('clinicIds', `a ${role} account belongs to no clinic`);
    }
  }

  private async assertClinicsExist(m: EntityManager, clinicIds: string[]) {
    if (clinicIds.length === 0) return;
    const [{ count }] = await m.query(
      `SELECT count(*)::int AS count FROM clinics WHERE id = ANY($1::uuid[])`,
      [clinicIds],
    );
    if (count !== clinicIds.length) throw fieldError('clinicIds', 'clinicIds must name existing clinics');
  }

  private async setMemberships(m: EntityManager, userId: string, clinicIds: string[]) {
    await m.query(`DELETE FROM clinic_memberships WHERE user_id = $1 AND NOT (clinic_id = ANY($2::uuid[]))`, [
      userId,
      clinicIds,
    ]);
    await m.query(
      `INSERT INTO clinic_memberships (user_id, clinic_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [userId, clinicIds],
    );
  }

  private async load(m: EntityManager, id: string): Promise<UserDto> {
    const rows: UserRow[] = await m.query(`${SELECT_USER} WHERE u.id = $1`, [id]);
    if (!rows[0]) throw DomainError.notFound('user');
    return rows[0];
  }
}
