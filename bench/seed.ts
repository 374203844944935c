import { Client } from 'pg';
import { parseArgs } from './lib/args';
import { ensureDatabase, migrate } from './lib/database';
import { BENCH } from './lib/env';
import { generate, GenerateReport } from './lib/generate';
import { STEPS } from './steps';

/** Drops and recreates the benchmark database, migrates it and generates `patients` patients. */
export async function seed(
  patients: number,
  log: (line: string) => void = console.log,
): Promise<GenerateReport> {
  log(`seeding ${BENCH.databaseUrl.replace(/\/\/[^@]*@/, '//')} with ${patients} patients`);
  await ensureDatabase(true);
  const ran = await migrate();
  log(`  migrations: ${ran.length}`);
  const client = new Client({ connectionString: BENCH.databaseUrl, application_name: 'kap-bench-seed' });
  await client.connect();
  try {
    const report = await generate(client, patients, STEPS, log);
    log(`seeded in ${(report.totalMs / 1000).toFixed(1)} s`);
    return report;
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  seed(parseArgs().patients).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
