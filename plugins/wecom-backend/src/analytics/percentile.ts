import { WeComDurationStats } from 'backstage-plugin-wecom-common';

/**
 * The `p` quantile (0…1) of sorted values, interpolating linearly between
 * the two nearest ranks (as spreadsheets' PERCENTILE.INC and NumPy do):
 * the median of 60 and 120 is 90, the p90 of 1…10 is 9.1.
 */
export function quantile(sorted: number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Median and p90 of durations in seconds, rounded to whole seconds. */
export function durationStats(seconds: number[]): WeComDurationStats {
  if (seconds.length === 0) {
    return { count: 0, medianSeconds: null, p90Seconds: null };
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianSeconds: Math.round(quantile(sorted, 0.5)),
    p90Seconds: Math.round(quantile(sorted, 0.9)),
  };
}
