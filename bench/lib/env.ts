/** Where the benchmark runs: its own database and queue prefix, so it never touches dev or test data. */
export const BENCH = {
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kap_bench',
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  port: Number(process.env.BENCH_PORT ?? 3900),
  queuePrefix: 'kapbench',
  jwtSecret: 'benchmark-secret-not-for-production-0123456789',
  /** Password of every generated account (hashed once with the platform's argon2id parameters). */
  password: 'Bench-Password-2026',
  clinics: 20,
  connections: 20,
} as const;

export function apiUrl(path = ''): string {
  return `http://127.0.0.1:${BENCH.port}/api/v1${path}`;
}

/** The environment of the API and worker processes the benchmark starts. */
export function processEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: BENCH.databaseUrl,
    REDIS_URL: BENCH.redisUrl,
    PORT: String(BENCH.port),
    JWT_SECRET: BENCH.jwtSecret,
    JWT_TTL_SECONDS: '7200',
    QUEUE_PREFIX: BENCH.queuePrefix,
    LOG_LEVEL: 'info',
    ...extra,
  };
}
