// Reads jest's --json results, Playwright's JSON report and the stock-install
// results (scripts/stock-install.sh) and prints the closing summary line
// that CI reads: "Tests: N passed, N failed, N skipped". Fails when jest ran
// nothing, a suite could not run, or a report is missing (pass "skip" for
// the end-to-end test or the stock install when they were skipped).
import { readFileSync } from 'node:fs';

const [jestFile, e2eFile, stockFile] = process.argv.slice(2);

function readJson(file, what) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.log(
      `Could not read ${what} results from ${file}: ${error.message}`,
    );
    return undefined;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;

const jest = readJson(jestFile, 'jest');
if (!jest) {
  failed += 1;
} else {
  passed += jest.numPassedTests ?? 0;
  failed += (jest.numFailedTests ?? 0) + (jest.numRuntimeErrorTestSuites ?? 0);
  skipped += (jest.numPendingTests ?? 0) + (jest.numTodoTests ?? 0);
  for (const suite of jest.testResults ?? []) {
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
    `Jest suites: ${jest.numPassedTestSuites} passed, ${jest.numFailedTestSuites} failed, ${jest.numTotalTestSuites} total`,
  );
}

if (e2eFile && e2eFile !== 'skip') {
  const e2e = readJson(e2eFile, 'end-to-end');
  if (!e2e) {
    failed += 1;
  } else {
    const stats = e2e.stats ?? {};
    // A flaky test passed only on a retry; retries are off, so count it failed.
    const e2ePassed = stats.expected ?? 0;
    const e2eFailed = (stats.unexpected ?? 0) + (stats.flaky ?? 0);
    passed += e2ePassed;
    failed += e2eFailed;
    skipped += stats.skipped ?? 0;
    for (const error of e2e.errors ?? []) {
      console.log(`E2E ERROR ${String(error.message ?? '').split('\n')[0]}`);
    }
    if ((e2e.errors ?? []).length && e2ePassed + e2eFailed === 0) failed += 1;
    console.log(
      `End-to-end tests: ${e2ePassed} passed, ${e2eFailed} failed, ${
        stats.skipped ?? 0
      } skipped`,
    );
  }
}

if (stockFile && stockFile !== 'skip') {
  let checks;
  try {
    checks = readFileSync(stockFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line));
  } catch (error) {
    console.log(
      `Could not read stock-install results from ${stockFile}: ${error.message}`,
    );
  }
  if (!checks?.length) {
    failed += 1;
  } else {
    const count = status => checks.filter(c => c.status === status).length;
    for (const check of checks.filter(c => c.status !== 'passed')) {
      const mark = check.status === 'failed' ? 'FAILED' : 'SKIPPED';
      console.log(
        `${mark} ${check.name}${check.detail ? `: ${check.detail}` : ''}`,
      );
    }
    passed += count('passed');
    failed += count('failed');
    skipped += count('skipped');
    console.log(
      `Stock install checks: ${count('passed')} passed, ${count(
        'failed',
      )} failed, ${count('skipped')} skipped`,
    );
  }
}

console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
