import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { JobName, OutboxRelay, OutboxService, QueueName, QueueProducer } from '../../libs/core/src';
import { startTestApp, TestApp } from '../support/app';
import { TestContext } from '../support/factories';
import { PrivateRedis } from '../support/redis-server';

describe('transactional outbox across a Redis outage', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let relay: OutboxRelay;
  let producer: QueueProducer;
  let ds: DataSource;

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    t = await startTestApp({ REDIS_URL: redis.url });
    ds = t.app.get(DataSource);
    producer = new QueueProducer(t.config);
    relay = new OutboxRelay(ds, producer, t.config);
  });
  afterAll(async () => {
    await producer.onApplicationShutdown();
    await t.close();
    await redis.stop();
  });

  const pending = async () =>
    (await t.db.sql.query(`SELECT job_id FROM outbox WHERE relayed_at IS NULL ORDER BY id`)).rows.map(
      (r) => r.job_id,
    );

  it('a job written in a rolled-back transaction never exists', async () => {
    const outbox = t.app.get(OutboxService);
    await expect(
      ds.transaction(async (m) => {
        await outbox.enqueue(m, {
          name: JobName.FlagEscalate,
          jobId: 'FlagEscalate-rolled-back',
          payload: { flagId: 'x' },
        });
        throw new Error('clinical write failed');
      }),
    ).rejects.toThrow('clinical write failed');
    expect(await pending()).toEqual([]);
  });

  it('writes succeed while Redis is down; their jobs are relayed when it returns, exactly once', async () => {
    await redis.stop();
    const ctx = new TestContext(t);
    const { clinician } = await ctx.newClinicTeam();
    await ctx.newPatient(clinician);
    const outbox = t.app.get(OutboxService);
    await ds.transaction((m) =>
      outbox.enqueue(m, {
        name: JobName.FlagEscalate,
        jobId: 'FlagEscalate-outage-1',
        payload: { flagId: 'outage-1' },
        runAt: new Date(),
      }),
    );
    await expect(relay.relayOnce()).rejects.toThrow();
    expect(await pending()).toEqual(['FlagEscalate-outage-1']);

    await redis.start();
    expect(await relay.relayOnce()).toBe(1);
    expect(await relay.relayOnce()).toBe(0);
    const queue = producer.queue(QueueName.Escalations);
    const job = await queue.getJob('FlagEscalate-outage-1');
    expect(job?.name).toBe(JobName.FlagEscalate);
    expect(job?.data).toEqual({ flagId: 'outage-1' });
    expect(job?.opts.attempts).toBeGreaterThan(1);

    // A relay that crashed after adding but before marking re-sends the row: BullMQ keeps one job.
    await ds.transaction((m) =>
      outbox.enqueue(m, {
        name: JobName.FlagEscalate,
        jobId: 'FlagEscalate-outage-1',
        payload: { flagId: 'outage-1' },
      }),
    );
    expect(await relay.relayOnce()).toBe(1);
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'active', 'completed', 'failed')).toBe(1);
  });

  it('a delayed job waits in BullMQ until its time', async () => {
    const outbox = t.app.get(OutboxService);
    const runAt = new Date(Date.now() + 60_000);
    await ds.transaction((m) =>
      outbox.enqueue(m, {
        name: JobName.FlagEscalate,
        jobId: 'FlagEscalate-later',
        payload: { flagId: 'later' },
        runAt,
      }),
    );
    expect(await relay.relayOnce()).toBe(1);
    const job = await producer.queue(QueueName.Escalations).getJob('FlagEscalate-later');
    expect(await job?.getState()).toBe('delayed');
    expect(job!.opts.delay).toBeGreaterThan(55_000);
  });
});
