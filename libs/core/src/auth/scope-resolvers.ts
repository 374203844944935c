import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * How to find the clinic (and patient) of a record by its id: one SQL per resource type, registered
 * by the domain that owns the table. The query takes the id as $1 and answers `clinic_id` and,
 * where there is one, `patient_id`.
 */
export interface ScopeResolver {
  resource: string;
  sql: string;
}

export interface ResolvedScope {
  clinicId: string;
  patientId: string | null;
}

@Injectable()
export class ScopeResolverRegistry {
  private readonly resolvers = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  register(...resolvers: ScopeResolver[]): void {
    for (const r of resolvers) {
      if (this.resolvers.has(r.resource))
        throw new Error(`Scope resolver for ${r.resource} registered twice`);
      this.resolvers.set(r.resource, r.sql);
    }
  }

  async resolve(resource: string, id: string): Promise<ResolvedScope | null> {
    const sql = this.resolvers.get(resource);
    if (!sql) throw new Error(`No scope resolver for ${resource}`);
    const rows: { clinic_id: string; patient_id?: string | null }[] = await this.dataSource.query(sql, [id]);
    if (rows.length === 0) return null;
    return { clinicId: rows[0].clinic_id, patientId: rows[0].patient_id ?? null };
  }
}
