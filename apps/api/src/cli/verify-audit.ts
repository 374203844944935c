import 'reflect-metadata';
import { loadDatabaseConfig, dataSourceOptions } from '@kap/core';
import { verifyAuditChain } from '@kap/audit';
import { DataSource } from 'typeorm';

/** `npm run audit:verify`: walks the audit hash chain; exit code 1 names the first broken link. */
async function main() {
  const ds = new DataSource(dataSourceOptions(loadDatabaseConfig().url, 1));
  await ds.initialize();
  try {
    const report = await verifyAuditChain(ds);
    if (report.ok) {
      process.stdout.write(`audit chain intact: ${report.checked} events\n`);
      return;
    }
    const b = report.firstBroken!;
    process.stdout.write(
      `audit chain BROKEN at seq ${b.seq} (event ${b.id}): ${b.problem === 'content' ? 'content altered' : 'link to previous event broken (row removed or reordered)'}\n`,
    );
    process.exitCode = 1;
  } finally {
    await ds.destroy();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`audit:verify failed: ${error.message}\n`);
  process.exit(2);
});
