/** Percentile (nearest rank) of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Cycles through a list forever: rotating sessions, patients and tokens. */
export class Rotation<T> {
  private i: number;
  /** `start`: where in the list to begin (the raw side of a write starts half-way, on other records). */
  constructor(
    private readonly items: readonly T[],
    start = 0,
  ) {
    if (items.length === 0) throw new Error('Rotation over an empty list');
    this.i = start;
  }
  next(): T {
    const item = this.items[this.i % this.items.length];
    this.i++;
    return item;
  }
  get size(): number {
    return this.items.length;
  }
}
