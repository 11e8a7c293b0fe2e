/* eslint-disable no-console */
import { run as runAlertStorm } from './alertStorm';
import { run as runCallbackRoute } from './callbackRoute';
import { run as runCrypto } from './crypto';
import { run as runFanOut } from './fanOut';
import { run as runMarkdown } from './markdown';
import { run as runOneClickLink } from './oneClickLink';
import { run as runRefusals } from './refusalCost';
import { describeMachine, heading, note } from './report';

/**
 * `yarn bench [name...]`: runs the named benchmarks, or all of them, and
 * prints markdown for docs/performance.md.
 */

const BENCHMARKS: Record<string, () => Promise<void>> = {
  crypto: runCrypto,
  route: runCallbackRoute,
  refusals: runRefusals,
  'fan-out': runFanOut,
  'one-click-link': runOneClickLink,
  markdown: runMarkdown,
  'alert-storm': runAlertStorm,
};

async function main(names: string[]) {
  const unknown = names.filter(name => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark ${unknown.join(', ')}; choose from: ${Object.keys(
        BENCHMARKS,
      ).join(', ')} (none = all)`,
    );
    process.exitCode = 2;
    return;
  }
  const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);

  heading('The machine');
  for (const line of describeMachine()) note(line);
  note(`- Benchmarks: ${selected.join(', ')}`);

  for (const name of selected) {
    const started = Date.now();
    await BENCHMARKS[name]();
    note(`_(${name}: ${((Date.now() - started) / 1000).toFixed(0)} s)_`);
  }
}

main(process.argv.slice(2)).then(
  // Backends and servers started by a benchmark may leave handles open.
  () => process.exit(),
  error => {
    console.error(error);
    process.exit(1);
  },
);
