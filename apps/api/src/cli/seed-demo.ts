import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger, loadConfigOrExit, PinoNestLogger } from '@kap/core';
import { DataSource } from 'typeorm';
import { ApiModule } from '../api.module';
import { DEMO_CLINICS } from '../demo/demo-accounts';
import { seedIdentity } from '../demo/seed-identity';
import { seedOutcomeCourses } from '../demo/seed-outcomes';
import { seedPatients } from '../demo/seed-patients';
import { seedSessions } from '../demo/seed-sessions';

/** `npm run seed:demo`: a small provider network, once (a second run sees the demo clinics and stops). */
async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger('warn');
  const app = await NestFactory.createApplicationContext(ApiModule.forRoot(config), {
    logger: new PinoNestLogger(logger),
  });
  try {
    const ds = app.get(DataSource);
    const existing = await ds.query(`SELECT 1 FROM clinics WHERE name = $1`, [DEMO_CLINICS[0].name]);
    if (existing.length) {
      process.stdout.write('demo data already present\n');
      return;
    }
    const identity = await seedIdentity(app);
    const patientIds = await seedPatients(app, identity);
    await seedSessions(app, identity, patientIds);
    await seedOutcomeCourses(app, identity);
    process.stdout.write('demo data created\n');
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`seed failed: ${error.message}\n`);
  process.exit(1);
});
