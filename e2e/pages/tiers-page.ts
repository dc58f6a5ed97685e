// The tier page (`#/tiers`): tiers from the last run, the network, split points, the server scenario.
import { expect, PageBase } from './page-base.ts';

export class TiersPage extends PageBase {
  readonly verdict = this.testId('tier-verdict');

  async goto(): Promise<void> {
    await this.nav('tiers');
    await expect(this.verdict).toBeVisible();
  }

  async network(name: string): Promise<void> {
    await this.testId('tier-network').selectOption(name);
  }

  /** Batch sizes on the winner strip where a remote tier is fastest. */
  async remoteWins(): Promise<number> {
    return this.page.locator('[data-testid=winner-strip] span:not([data-winner=mobile])').count();
  }
}
