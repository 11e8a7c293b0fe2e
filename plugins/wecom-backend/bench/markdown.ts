import { performance } from 'node:perf_hooks';
import { WECOM_POSTMORTEM_MAX_BYTES } from 'backstage-plugin-wecom-common';
import {
  escapeLine,
  escapeMarkdown,
  neutraliseUntrustedMarkdown,
} from '../src/text/wecomMarkdown';
import { heading, median, ms, note, ratio, table } from './report';

/**
 * Escaping of outside text into WeCom markdown, on inputs built to make a
 * regular expression backtrack, at the size of the largest post-mortem
 * (100 KB). Escaping in one pass takes milliseconds; a pattern that
 * backtracks takes seconds, during which the backend answers nobody
 * (before the fix, `[a](` and 100 KB of blanks took about 12 s in
 * `neutraliseUntrustedMarkdown`).
 */

const SIZE = WECOM_POSTMORTEM_MAX_BYTES;
const ROUNDS = 5;
/** Milliseconds for 100 KB: linear escaping is about a tenth of it. */
const TARGET_MS = 100;

const OPTIONS = { allowedOrigins: ['https://backstage.example.com'] };

/** Adversarial inputs of `bytes` characters. */
const INPUTS: Record<string, (bytes: number) => string> = {
  'a link left open before blanks': bytes => `[a](${' \n\t'.repeat(bytes / 3)}`,
  'nested brackets': bytes => '['.repeat(bytes / 2) + ']('.repeat(bytes / 4),
  'many unfinished links': bytes => '[a](b '.repeat(bytes / 6),
  'a title never closed': bytes => `[a](https://x "${'"'.repeat(bytes)}`,
  'tags and entities': bytes => '<font &amp; <@'.repeat(bytes / 14),
};

const FUNCTIONS: Record<string, (text: string) => string> = {
  neutraliseUntrustedMarkdown: text =>
    neutraliseUntrustedMarkdown(text, OPTIONS),
  escapeMarkdown,
  escapeLine: text => escapeLine(text),
};

function timeOf(fn: (text: string) => string, text: string): number {
  const started = performance.now();
  fn(text);
  return performance.now() - started;
}

export async function run() {
  heading('Markdown escaping (worst cases)');
  note(
    `Median of ${ROUNDS} runs (after one to warm up) per 100 KB input; target ≤ ${TARGET_MS} ms.`,
  );
  const rows: string[][] = [];
  for (const [fnName, fn] of Object.entries(FUNCTIONS)) {
    for (const [inputName, input] of Object.entries(INPUTS)) {
      const text = input(SIZE);
      timeOf(fn, text);
      const took = median(
        Array.from({ length: ROUNDS }, () => timeOf(fn, text)),
      );
      rows.push([
        fnName,
        inputName,
        ms(took),
        ratio(took / TARGET_MS, { atMost: 1 }),
      ]);
    }
  }
  table(['function', 'input (100 KB)', 'ms', 'of the target'], rows);
}
