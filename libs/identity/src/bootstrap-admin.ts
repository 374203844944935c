import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@kap/core';
import type { AppConfig } from '@kap/core';
import { DataSource } from 'typeorm';
import { hashPassword } from './password';

/** Creates the first admin from BOOTSTRAP_ADMIN_EMAIL/PASSWORD when the platform has none. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    const passwordHash = await hashPassword(admin.password);
    // Several API processes may start at once: the advisory lock lets one of them create the admin.
    const created = await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('bootstrap_admin'))`);
      const existing = await m.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
      if (existing.length) return false;
      await m.query(
        `INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'Platform administrator', 'admin', $2)
         ON CONFLICT DO NOTHING`,
        [admin.email, passwordHash],
      );
      return true;
    });
    if (created) this.logger.log('bootstrap admin created');
  }
}
