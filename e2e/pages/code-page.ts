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

  /** Picks the problems both the sandbox check and pass@k use (an id from the problem-set list). */
  async selectProblemSet(id: string): Promise<void> {
    await this.testId('problem-set').selectOption(id);
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
