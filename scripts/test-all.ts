// `npm test` (Node): fixture models, unit tests, browser, build, integration tests, end-to-end tests in Chromium, the
// cross-engine suite in Firefox ESR and WebKitGTK (e2e/engines/); ends with one "total: N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const REPORTS = 'test-reports';
const UNIT_JSON = `${REPORTS}/unit.json`;
const INTEGRATION_JSON = `${REPORTS}/integration.json`;
const E2E_JSON = `${REPORTS}/e2e.json`;
const ENGINES_JSON = `${REPORTS}/engines.json`;

interface Counts {
  passed: number;
  failed: number;
}

function step(title: string, command: string, env: Record<string, string> = {}): boolean {
  console.log(`\n── ${title}: ${command}`);
  return spawnSync(command, { shell: true, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
}

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
}

function vitestCounts(file: string): Counts | null {
  const r = readJson<{ numPassedTests: number; numFailedTests: number }>(file);
  return r && { passed: r.numPassedTests, failed: r.numFailedTests };
}

function e2eCounts(): Counts | null {
  const r = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(E2E_JSON);
  return r && { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected };
}

rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });
const failures: string[] = [];
let unit: Counts = { passed: 0, failed: 0 };
let integration: Counts = { passed: 0, failed: 0 };
let e2e: Counts = { passed: 0, failed: 0 };
let engines: Counts & { retried?: number } = { passed: 0, failed: 0 };

if (!step('fixture models', 'tsx models/build.ts --if-missing')) failures.push('fixture models');
else if (!step('reference tools', 'tsx scripts/ensure-reference-tools.ts')) failures.push('reference tools');
else {
  if (!step('unit tests', `vitest run --reporter=default --reporter=json --outputFile.json=${UNIT_JSON}`))
    failures.push('unit tests');
  unit = vitestCounts(UNIT_JSON) ?? { passed: 0, failed: 1 };
  if (!step('browser', 'tsx scripts/ensure-chromium.ts')) failures.push('browser');
  else if (!step('build', 'vite build --logLevel warn')) failures.push('build');
  else {
    const integrationCommand = `vitest run -c vitest.integration.config.ts --reporter=default --reporter=json --outputFile.json=${INTEGRATION_JSON}`;
    if (!step('integration tests', integrationCommand)) failures.push('integration tests');
    integration = vitestCounts(INTEGRATION_JSON) ?? { passed: 0, failed: 1 };
    if (!step('end-to-end tests', 'playwright test --reporter=list,json', { PLAYWRIGHT_JSON_OUTPUT_NAME: E2E_JSON }))
      failures.push('end-to-end tests');
    e2e = e2eCounts() ?? { passed: 0, failed: 1 };
    if (!step('other engines', 'tsx scripts/ensure-engines.ts')) failures.push('other engines');
    else if (!step('cross-engine tests', 'tsx e2e/engines/run.ts')) failures.push('cross-engine tests');
    engines = readJson<Counts & { retried?: number }>(ENGINES_JSON) ?? { passed: 0, failed: 1 };
  }
}

// A step that failed without failing a test (a crash, a missing browser) still counts as one failure.
const all = [unit, integration, e2e, engines];
const uncounted = failures.length > 0 && all.every((c) => c.failed === 0) ? 1 : 0;
console.log(`\nunit: ${unit.passed} passed, ${unit.failed} failed`);
console.log(`integration: ${integration.passed} passed, ${integration.failed} failed`);
console.log(`e2e: ${e2e.passed} passed, ${e2e.failed} failed`);
console.log(
  `engines: ${engines.passed} passed${engines.retried ? ` (${engines.retried} on a retry)` : ''}, ${engines.failed} failed`,
);
if (failures.length) console.log(`failed steps: ${failures.join(', ')}`);
const sum = (key: keyof Counts) => all.reduce((a, c) => a + c[key], 0);
console.log(`total: ${sum('passed')} passed, ${sum('failed') + uncounted} failed`);
process.exit(failures.length ? 1 : 0);
