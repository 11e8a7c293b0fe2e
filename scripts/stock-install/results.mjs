// The stock-install test's results: one JSON object a line,
// { name, status: 'passed' | 'failed' | 'skipped', detail }, read by
// scripts/test-summary.mjs.
//
//   node results.mjs <results.jsonl> <name> <status> [detail]
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function record(file, name, status, detail) {
  appendFileSync(file, `${JSON.stringify({ name, status, detail })}\n`);
  const mark = { passed: '✓', failed: '✕', skipped: '-' }[status];
  console.log(`::: ${mark} ${name}${detail ? `: ${detail}` : ''}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, name, status, detail] = process.argv.slice(2);
  record(file, name, status, detail);
}
