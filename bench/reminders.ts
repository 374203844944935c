import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { performance } from 'node:perf_hooks';
import { BENCH } from './lib/env';
import { startWorker } from './lib/processes';
import { round, sleep } from './lib/stats';

export interface RemindersResult {
  count: number;
  /** Reminders sent per second by one worker process, from the commit of the rows to the last `sent`. */
  rate: number;
  relayLagP50Ms: number;
  relayLagP99Ms: number;
  /** Outbox rows moved to BullMQ per second. */
  relayRate: number;
  workerPeakMb: number;
  seconds: number;
}

/** Deletes the BullMQ keys of the benchmark's prefix, so that earlier runs' job ids do not collide. */
async function clearQueues(): Promise<void> {
  const redis = new Redis(BENCH.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${BENCH.queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * `count` integration follow-up reminders due now, written as ReminderScheduler.create writes them (a
 * `scheduled` reminder row on the log channel and its ReminderSend job in the outbox, in one
 * transaction), for patients who consented and have an address. Then one worker process relays and
 * delivers them. (Not `assessment_due`: those are skipped for patients who just took a PHQ-9.)
 */
export async function benchReminders(
  pool: Pool,
  count: number,
  log: (l: string) => void,
  nodeArgs: string[] = [],
): Promise<RemindersResult> {
  await pool.query(`DELETE FROM outbox WHERE queue = 'reminders'`);
  await pool.query(
    `DELETE FROM reminder_deliveries d USING reminders r WHERE d.reminder_id = r.id AND r.dedupe_key LIKE 'bench.%'`,
  );
  await pool.query(`DELETE FROM reminders WHERE dedupe_key LIKE 'bench.%'`);
  // Earlier scheduled reminders of the generated history are not part of this measurement.
  await pool.query(`UPDATE outbox SET relayed_at = now() WHERE relayed_at IS NULL`);
  await clearQueues();

  const worker = await startWorker({}, nodeArgs);
  try {
    const t0 = performance.now();
    await pool.query(
      `WITH eligible AS (
         SELECT id, clinic_id, row_number() OVER (ORDER BY id) - 1 AS k
           FROM patients WHERE reminder_consent AND email IS NOT NULL),
       total AS (SELECT count(*) AS n FROM eligible),
       wanted AS (SELECT i, i % total.n AS k FROM generate_series(0, $1 - 1) i CROSS JOIN total),
       created AS (
         INSERT INTO reminders (clinic_id, patient_id, kind, dedupe_key, channel, due_at, status)
         SELECT e.clinic_id, e.id, 'integration_follow_up', 'bench.' || w.i, 'log', now(), 'scheduled'
           FROM wanted w JOIN eligible e ON e.k = w.k
         RETURNING id, revision, due_at)
       INSERT INTO outbox (queue, job_name, job_id, payload, available_at)
       SELECT 'reminders', 'ReminderSend', 'ReminderSend-' || id || '-r' || revision,
              jsonb_build_object('reminderId', id, 'revision', revision), due_at
         FROM created`,
      [count],
    );
    const committed = performance.now();
    log(`  ${count} reminders and outbox rows committed in ${((committed - t0) / 1000).toFixed(1)} s`);
    let sent = 0;
    const deadline = committed + 20 * 60_000;
    while (sent < count && performance.now() < deadline) {
      await sleep(500);
      const { rows } = await pool.query<{ sent: number; pending: number }>(
        `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
                count(*) FILTER (WHERE status = 'scheduled')::int AS pending
           FROM reminders WHERE dedupe_key LIKE 'bench.%'`,
      );
      sent = rows[0].sent;
      if (rows[0].pending === 0) break;
    }
    const seconds = (performance.now() - committed) / 1000;
    const { rows } = await pool.query<{
      p50: number;
      p99: number;
      relayed: number;
      relay_s: number;
      sent_s: number;
      sent: number;
    }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.relayed_at - o.created_at)) * 1000 AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM o.relayed_at - o.created_at)) * 1000 AS p99,
              count(o.relayed_at)::int AS relayed,
              extract(epoch FROM max(o.relayed_at) - min(o.created_at)) AS relay_s,
              (SELECT extract(epoch FROM max(r.sent_at) - min(r.created_at)) FROM reminders r
                WHERE r.dedupe_key LIKE 'bench.%' AND r.status = 'sent') AS sent_s,
              (SELECT count(*)::int FROM reminders r WHERE r.dedupe_key LIKE 'bench.%' AND r.status = 'sent') AS sent
         FROM outbox o WHERE o.queue = 'reminders' AND o.job_name = 'ReminderSend'`,
    );
    const r = rows[0];
    if (r.sent < count) log(`  only ${r.sent} of ${count} reminders sent within ${Math.round(seconds)} s`);
    return {
      count: r.sent,
      rate: r.sent / Number(r.sent_s),
      relayLagP50Ms: round(Number(r.p50), 0),
      relayLagP99Ms: round(Number(r.p99), 0),
      relayRate: r.relayed / Number(r.relay_s),
      workerPeakMb: worker.peakMb(),
      seconds,
    };
  } finally {
    await worker.stop();
  }
}
