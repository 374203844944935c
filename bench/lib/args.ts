export interface BenchArgs {
  quick: boolean;
  patients: number;
  /** Seconds of each measured API or raw phase. */
  seconds: number;
  /** API/raw alternations per endpoint. */
  rounds: number;
  only: string[] | null;
  probe: boolean;
  reseed: boolean;
  cpuProf: boolean;
  reminders: number;
}

function value(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

function positive(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}

export function parseArgs(argv: string[] = process.argv.slice(2)): BenchArgs {
  const quick = argv.includes('--quick');
  return {
    quick,
    patients: positive(value(argv, 'patients'), 'patients', quick ? 2000 : 100_000),
    seconds: positive(value(argv, 'seconds'), 'seconds', quick ? 2 : 10),
    rounds: positive(value(argv, 'rounds'), 'rounds', quick ? 2 : 3),
    only: value(argv, 'only')?.split(',') ?? null,
    probe: argv.includes('--probe'),
    reseed: argv.includes('--reseed'),
    cpuProf: argv.includes('--cpu-prof'),
    reminders: positive(value(argv, 'reminders'), 'reminders', quick ? 3000 : 100_000),
  };
}
