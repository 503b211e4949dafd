// Summaries shared by every benchmark: nearest-rank percentiles over one run's samples.

export const percentile = (samples: readonly number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
};

export const median = (samples: readonly number[]) => percentile(samples, 50);

/** p50, p95 and p99 of a series of milliseconds, to 0.1 ms. */
export const latencySummary = (samples: readonly number[]) => ({
  runs: samples.length,
  p50Ms: round(percentile(samples, 50), 1),
  p95Ms: round(percentile(samples, 95), 1),
  p99Ms: round(percentile(samples, 99), 1),
});

export const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/** Least-squares slope of y over x (for memory growth over time). */
export function slope(points: ReadonlyArray<readonly [number, number]>) {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export const machine = () => `${process.platform} ${process.arch}, node ${process.version}`;
