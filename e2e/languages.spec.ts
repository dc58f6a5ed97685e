// A language sweep runs the same plan over every bundled language and reports tokens per sample per language.
import { readFile } from 'node:fs/promises';
import { parseRunResult } from '../src/shared/run-result.ts';
import { LANGUAGES } from '../src/shared/snippets.ts';
import { expect, test } from './tierlab-page.ts';

test('a language sweep reports tokens per sample, padding and latency per language', async ({ app, page }) => {
  await app.open({ batches: '1,2', seq: '256', pad: 'longest', ci: '0.25' });
  await page.getByTestId('sweep-languages').click();
  await expect(page.getByTestId('progress')).toContainText('python (1/5)');
  const table = page.getByTestId('language-table');
  await expect(table.locator('tbody tr')).toHaveCount(LANGUAGES.length, { timeout: 220_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });
  await app.screenshot('language-sweep');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-sweep').click()]);
  const results = (JSON.parse(await readFile(await download.path(), 'utf8')) as unknown[]).map(parseRunResult);
  expect(results.map((r) => r.plan.language)).toEqual([...LANGUAGES]);
  const tokens = results.map((r) => r.points.at(-1)!.inputs!.tokensPerSampleMean);
  // The bundled snippets tokenize to different lengths per language, and 'longest' padding feeds what they need.
  expect(new Set(tokens.map((t) => Math.round(t))).size).toBeGreaterThan(1);
  for (const r of results) {
    expect(r.plan.padding).toBe('longest');
    expect(r.points).toHaveLength(2);
    const last = r.points.at(-1)!.inputs!;
    expect(last.sequenceLength).toBeLessThanOrEqual(256);
    expect(last.tokensPerSampleMean).toBeLessThanOrEqual(last.sequenceLength);
  }
  await expect(table).toContainText('javascript');
});
