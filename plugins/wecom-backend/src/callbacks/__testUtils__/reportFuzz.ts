import { FuzzStats } from './callbackFuzzHarness';

/** Prints how many requests a fuzz run sent and how they were answered. */
export function reportFuzz(endpoint: string, stats: FuzzStats) {
  const statuses = Object.entries(stats.byStatus)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  const labels = Object.keys(stats.byLabel).length;
  // eslint-disable-next-line no-console
  console.log(
    `${endpoint}: ${stats.cases} generated requests in ${(
      stats.ms / 1000
    ).toFixed(1)} s (${
      stats.accepted
    } accepted; ${statuses}; ${labels} kinds of breakage)`,
  );
}
