import { Injectable } from '@nestjs/common';
import { AuthUser, UserLookup } from '@kap/core';
import { DataSource } from 'typeorm';

/** One primary-key query per request: the token's user must still exist and be active. */
@Injectable()
export class UserLookupService extends UserLookup {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async findActive(userId: string): Promise<AuthUser | null> {
    const rows: AuthUser[] = await this.dataSource.query(
      `SELECT u.id, u.email, u.name, u.role,
              coalesce(array(SELECT m.clinic_id::text FROM clinic_memberships m WHERE m.user_id = u.id ORDER BY 1), '{}') AS "clinicIds"
         FROM users u WHERE u.id = $1 AND u.active`,
      [userId],
    );
    return rows[0] ?? null;
  }
}
