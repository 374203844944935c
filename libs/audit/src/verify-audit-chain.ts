import type { DataSource } from 'typeorm';

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBroken: { seq: string; id: string; problem: 'content' | 'link' } | null;
}

/**
 * Walks the chain in the database: each row's hash must match its content (recomputed by the same SQL
 * function the insert trigger uses) and its prev_hash must be the hash of the row before it.
 */
export async function verifyAuditChain(dataSource: DataSource): Promise<ChainReport> {
  const [{ count }] = (await dataSource.query(`SELECT count(*)::int AS count FROM audit_events`)) as {
    count: number;
  }[];
  const broken: { seq: string; id: string; bad_content: boolean }[] = await dataSource.query(`
    SELECT seq, id, bad_content FROM (
      SELECT e.seq, e.id,
             audit_event_hash(e, e.prev_hash) <> e.hash AS bad_content,
             e.prev_hash <> coalesce(lag(e.hash) OVER (ORDER BY e.seq), repeat('0', 64)) AS bad_link
        FROM audit_events e
    ) c
    WHERE bad_content OR bad_link
    ORDER BY seq LIMIT 1`);
  const first = broken[0];
  return {
    ok: !first,
    checked: count,
    firstBroken: first
      ? { seq: String(first.seq), id: first.id, problem: first.bad_content ? 'content' : 'link' }
      : null,
  };
}
