import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flags by the record that raised them. Recording an assessment reads its flags back
 * (`flags WHERE source = 'assessment' AND source_id = …`): without this index every assessment written
 * scanned the whole flags table (65,000 rows at 100,000 patients, bench/README.md).
 */
export class FlagSourceIndex1764270500000 implements MigrationInterface {
  name = 'FlagSourceIndex1764270500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX flags_source_idx ON flags (source_id) WHERE source_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX flags_source_idx`);
  }
}
