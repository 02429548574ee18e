// Reads the result files of the test runs (Jest's --json output, Playwright's JSON reporter and the
// static checks of scripts/test.sh) and prints "N passed, N failed[, N skipped]".
// Exits 1 when anything failed or a runner left no result file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

const readJson = file => JSON.parse(readFileSync(join(dir, file), 'utf8'));

function jest(result) {
  totals.passed += result.numPassedTests;
  totals.failed += result.numFailedTests;
  totals.skipped += result.numPendingTests + result.numTodoTests;
  // Suites that fail before running a test (a syntax error, a failing hook) count as failures.
  const broken = result.testResults.filter(
    suite => suite.status === 'failed' && suite.assertionResults.length === 0,
  );
  totals.failed += broken.length;
  for (const suite of broken) problems.push(`jest suite failed: ${suite.name}`);
}

function playwright(report) {
  const {
    expected = 0,
    unexpected = 0,
    flaky = 0,
    skipped = 0,
  } = report.stats ?? {};
  totals.passed += expected + flaky;
  totals.failed += unexpected;
  totals.skipped += skipped;
  for (const error of report.errors ?? []) {
    totals.failed += 1;
    problems.push(`playwright: ${String(error.message).split('\n')[0]}`);
  }
}

const files = existsSync(dir) ? readdirSync(dir) : [];
for (const file of files) {
  if (file.startsWith('check-')) {
    const { name, status } = readJson(file);
    if (status === 0) totals.passed += 1;
    else {
      totals.failed += 1;
      problems.push(`check failed: ${name}`);
    }
  }
}
for (const [file, read] of [
  ['jest.json', jest],
  ['e2e.json', playwright],
]) {
  if (files.includes(file)) read(readJson(file));
  else {
    totals.failed += 1;
    problems.push(`no result file ${file}: the runner did not finish`);
  }
}

for (const problem of problems) console.log(problem);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
