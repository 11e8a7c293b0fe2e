// Reads jest's --json results and prints the closing summary line that CI
// reads: "Tests: N passed, N failed, N skipped". Fails when jest ran nothing
// or a suite could not run.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`Could not read jest results from ${file}: ${error.message}`);
  console.log('Tests: 0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

const passed = results.numPassedTests ?? 0;
const failed =
  (results.numFailedTests ?? 0) + (results.numRuntimeErrorTestSuites ?? 0);
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);

for (const suite of results.testResults ?? []) {
  if (suite.status === 'failed') {
    console.log(`FAILED ${suite.name}`);
    for (const test of suite.assertionResults ?? []) {
      if (test.status === 'failed') console.log(`  ✕ ${test.fullName}`);
    }
    if (suite.message && !(suite.assertionResults ?? []).length) {
      console.log(suite.message.split('\n').slice(0, 8).join('\n'));
    }
  }
}
console.log(
  `Suites: ${results.numPassedTestSuites} passed, ${results.numFailedTestSuites} failed, ${results.numTotalTestSuites} total`,
);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
