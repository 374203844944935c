import { Injectable, Logger } from '@nestjs/common';
import { AuditRecord, AuditSink } from '@kap/core';
import { DataSource } from 'typeorm';

/**
 * Appends to `audit_events`. The database computes the hash chain (trigger) and refuses UPDATE,
 * DELETE and TRUNCATE, so no code path can rewrite history.
 */
@Injectable()
export class AuditService extends AuditSink {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async record(e: AuditRecord): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO audit_events (action, outcome, actor_id, actor_role, resource_type, resource_id, patient_id,
                                   clinic_id, request_id, ip, status_code, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '', '')`,
        [
          e.action,
          e.outcome,
          e.actorId ?? null,
          e.actorRole ?? null,
          e.resourceType ?? null,
          e.resourceId ?? null,
          e.patientId ?? null,
          e.clinicId ?? null,
          e.requestId ?? null,
          e.ip ?? null,
          e.statusCode ?? null,
          JSON.stringify(e.details ?? {}),
        ],
      );
    } catch (error) {
      // Never the event itself in the log line: its details are ids, but keep the line minimal.
      this.logger.error({ action: e.action, err: (error as Error).message }, 'audit write failed');
      throw error;
    }
  }
}
