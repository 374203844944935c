import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { apiUrl, processEnv } from './env';
import { sleep } from './stats';

export const RESULTS_DIR = join(process.cwd(), 'bench', 'results');

export interface Memory {
  rssMb: number;
  hwmMb: number;
}

/** VmRSS (now) and VmHWM (peak resident set since start) of a process, from /proc. */
export function readMemory(pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

export class ChildApp {
  private peakRssMb = 0;
  private sampler?: NodeJS.Timeout;
  private exited = false;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    proc.once('exit', () => {
      this.exited = true;
    });
    this.sampler = setInterval(() => this.sample(), 200);
    this.sampler.unref();
  }

  get pid(): number {
    return this.proc.pid!;
  }

  get alive(): boolean {
    return !this.exited;
  }

  sample(): Memory | null {
    const m = readMemory(this.pid);
    if (m) this.peakRssMb = Math.max(this.peakRssMb, m.rssMb, m.hwmMb);
    return m;
  }

  /** The highest resident set seen: max of the sampled VmRSS and the kernel's VmHWM. */
  peakMb(): number {
    this.sample();
    return this.peakRssMb;
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  }
}

function launch(name: string, script: string, env: Record<string, string>, nodeArgs: string[]): ChildApp {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const log = createWriteStream(join(RESULTS_DIR, `${name}.log`), { flags: 'a' });
  const proc = spawn(process.execPath, [...nodeArgs, script], {
    env: processEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.pipe(log);
  proc.stderr!.pipe(log);
  return new ChildApp(name, proc);
}

export interface StartedApi {
  api: ChildApp;
  /** Milliseconds from spawn to the first 200 of /health/ready. */
  readyMs: number;
}

/** Starts the built API (`npm run start:api`'s file) and times it until /health/ready answers 200. */
export async function startApi(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<StartedApi> {
  const started = performance.now();
  const api = launch('api', 'dist/apps/api/src/main.js', env, nodeArgs);
  for (;;) {
    if (!api.alive) throw new Error('The API exited during start; see bench/results/api.log');
    try {
      const res = await fetch(apiUrl('/health/ready'));
      if (res.status === 200) return { api, readyMs: performance.now() - started };
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 60_000) throw new Error('The API was not ready within 60 s');
    await sleep(10);
  }
}

/** Starts the built worker; it is up once its log says so. */
export async function startWorker(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ChildApp> {
  const worker = launch('worker', 'dist/apps/worker/src/main.js', env, nodeArgs);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The worker did not start within 60 s')), 60_000);
    worker.proc.stdout!.on('data', (chunk: Buffer) => {
      if (out.includes('worker started')) return;
      out += chunk.toString();
      if (out.includes('worker started')) {
        clearTimeout(timer);
        resolve();
      }
    });
    worker.proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The worker exited (${code}); see bench/results/worker.log`));
    });
  });
  return worker;
}
