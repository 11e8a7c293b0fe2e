/* eslint-disable no-console */
import os from 'node:os';

/**
 * Shared printing for the benchmarks: every figure goes to stdout as a
 * markdown table, so a run can be pasted into docs/performance.md as is.
 */

/** One line per fact about the machine the figures came from. */
export function describeMachine(): string[] {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map(cpu => cpu.model.trim()))];
  const [load1, load5] = os.loadavg();
  return [
    `- CPU: ${models.join(', ') || 'unknown'} × ${cpus.length} (logical cores)`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node.js: ${process.version} (${process.arch})`,
    `- OS: ${os.type()} ${os.release()} (${os.platform()})`,
    `- Load average when the run started: ${load1.toFixed(
      2,
    )} (1 min), ${load5.toFixed(2)} (5 min)`,
  ];
}

export function heading(title: string) {
  console.log(`\n## ${title}\n`);
}

export function note(text: string) {
  console.log(text);
}

/** Prints a markdown table; numbers should already be formatted. */
export function table(headers: string[], rows: string[][]) {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map(row => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (cell ?? '').padEnd(widths[i])).join(' | ')} |`;
  console.log(line(headers));
  console.log(`| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`);
  for (const row of rows) console.log(line(row));
  console.log('');
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The value below which `p` percent of `values` lie (nearest rank: one of
 * the values, never an interpolation).
 */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.max(
      0,
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ];
}

/**
 * The median of each figure over a benchmark's rounds, except the
 * `summed` ones (failures, unexpected answers), which add up: one failure
 * in any round must show.
 */
export function medianOf<T extends { [K in keyof T]: number }>(
  results: T[],
  summed: Array<keyof T> = [],
): T {
  const fields = Object.keys(results[0] ?? {}) as Array<keyof T>;
  return Object.fromEntries(
    fields.map(field => [
      field,
      summed.includes(field)
        ? results.reduce((sum, r) => sum + r[field], 0)
        : median(results.map(r => r[field])),
    ]),
  ) as T;
}

/** 12345.6 → "12,346". */
export function count(value: number): string {
  return Number.isFinite(value)
    ? Math.round(value).toLocaleString('en-US')
    : 'n/a';
}

/** A latency in milliseconds with two decimals below 10 ms. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

/**
 * A ratio with a mark saying whether it meets its target: `atLeast` for
 * "higher is better" (throughput), `atMost` for "lower is better" (latency).
 */
export function ratio(
  value: number,
  target?: { atLeast?: number; atMost?: number },
): string {
  if (!Number.isFinite(value)) return 'n/a';
  const text = `${value.toFixed(2)}×`;
  if (!target) return text;
  const met =
    (target.atLeast === undefined || value >= target.atLeast) &&
    (target.atMost === undefined || value <= target.atMost);
  return `${text} ${met ? '✓' : '✗'}`;
}

export function sleep(milliseconds: number) {
  return new Promise(resolve => setTimeout(resolve, milliseconds));
}
