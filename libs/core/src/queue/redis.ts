import { Redis, RedisOptions } from 'ioredis';

/**
 * A Redis connection from REDIS_URL. BullMQ workers need `maxRetriesPerRequest: null`; producers and
 * health checks fail fast instead so that a request never hangs on a dead Redis.
 */
export function createRedis(url: string, purpose: 'worker' | 'producer' | 'health'): Redis {
  const options: RedisOptions =
    purpose === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: purpose === 'health', connectTimeout: 2000 };
  const redis = new Redis(url, options);
  // Connection errors are reported by health checks and retried by ioredis; keep them out of stderr noise.
  redis.on('error', () => undefined);
  return redis;
}
