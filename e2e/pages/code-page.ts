// The code page (`#/code`): check the sandbox (oracle and containment), score a generator with pass@k, export.
import { parsePassKRun } from '../../src/bench/code-eval/passk-run-schema.ts';
import type { PassKRun } from '../../src/bench/code-eval/passk-run.ts';
import { expect, PageBase } from './page-base.ts';

export class CodePage extends PageBase {
  readonly verdict = this.testId('sandbox-verdict');

  async goto(): Promise<void> {
    await this.nav('code');
    await expect(this.testId('sandbox-run')).toBeVisible();
  }

  /** Starts the sandbox check; `limit` is the time limit in seconds at CPython's speed, `heavy` adds memory cases. */
  async checkSandbox(opts: { limit: number; heavy?: boolean; problemSet?: string }): Promise<void> {
    if (opts.problemSet) await this.selectProblemSet(opts.problemSet);
    await this.testId('sandbox-limit').fill(String(opts.limit));
    if (opts.heavy) await this.testId('sandbox-heavy').check();
    await this.testId('sandbox-run').click();
  }

  /** Waits for the oracle's verdict and checks it agreed: so many canonical passes, wrong failures, looping timeouts. */
  async expectOracle(counts: { canonical: number; wrong: number; looping: number }): Promise<void> {
    await expect(this.verdict).toHaveAttribute('data-ok', 'true', { timeout: 120_000 });
    const rows = (kind: string, outcome: string) =>
      this.page.locator(`[data-testid=sandbox-row][data-kind=${kind}][data-outcome=${outcome}]`);
    await expect(rows('canonical', 'pass')).toHaveCount(counts.canonical);
    await expect(rows('wrong', 'fail')).toHaveCount(counts.wrong);
    await expect(rows('looping', 'timeout')).toHaveCount(counts.looping);
  }

  /** Waits for the containment verdict and checks that every case was contained, and that `passing` cases passed. */
  async expectContained(passing: readonly string[], timeout = 180_000): Promise<void> {
    const verdict = this.testId('containment-verdict');
    await expect(verdict).toBeVisible({ timeout });
    const bad = await this.page.locator('[data-testid=containment-row][data-ok=false]').allInnerTexts();
    expect(bad, 'programs that were not contained').toEqual([]);
    await expect(verdict).toHaveAttribute('data-ok', 'true');
    for (const id of passing)
      await expect(this.page.locator(`[data-testid=containment-row][data-case="${id}"]`), id).toHaveAttribute(
        'data-outcome',
        'pass',
      );
  }

  /** The outcome cell of one containment step. */
  step(caseId: string, step: number) {
    return this.page.locator(`[data-case=${caseId}][data-step="${step}"]`);
  }

  /** Picks the problems both the sandbox check and pass@k use (an id from the problem-set list). */
  async selectProblemSet(id: string): Promise<void> {
    await this.testId('problem-set').selectOption(id);
  }

  /** Adds problem sets to the next pass@k run (beside the page's chosen set). */
  async addPassKSets(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.page.locator(`[data-testid=passk-set][data-id="${id}"]`).check();
  }

  /** Scores `model` with `samples` completions of `tokens` new tokens per problem and waits for the summary. */
  async passK(model: string, samples: number, tokens: number): Promise<void> {
    await this.testId('passk-model').selectOption(model);
    await this.testId('passk-n').fill(String(samples));
    await this.testId('passk-tokens').fill(String(tokens));
    await this.testId('passk-run').click();
    await expect(this.testId('passk-step')).toBeVisible();
    await expect(this.testId('passk-summary')).toBeVisible({ timeout: 180_000 });
  }

  /** The exported pass@k run, checked against its schema. */
  async exportRun(): Promise<PassKRun> {
    return parsePassKRun(JSON.parse(await this.download(this.testId('passk-export'))));
  }
}
