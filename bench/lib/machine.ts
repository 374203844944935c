import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** One line about where and when the figures were taken (the machine is shared: load matters). */
export function machineLine(): string {
  const uptime = execSync('uptime').toString().trim();
  const load = /load average: (.*)$/.exec(uptime)?.[1] ?? '?';
  const cpu = cpus();
  return (
    `${new Date().toISOString()} | ${cpu.length} × ${cpu[0]?.model.trim()} | ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB | node ${process.version} | load ${load}`
  );
}

export function loadAverage(): string {
  return /load average: (.*)$/.exec(execSync('uptime').toString().trim())?.[1] ?? '?';
}
