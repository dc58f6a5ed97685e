// What every page object shares (Playwright, Node): the page, the header's navigation, downloads and screenshots.
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { readFile } from 'node:fs/promises';

export type NavTarget = 'bench' | 'accuracy' | 'operators' | 'code' | 'tiers' | 'results' | 'rooms';

export class PageBase {
  constructor(
    readonly page: Page,
    protected readonly info: () => TestInfo,
  ) {}

  /** Goes to another page through the header, as a person would. */
  async nav(target: NavTarget): Promise<void> {
    await this.page.getByTestId(`nav-${target}`).click();
  }

  /** Clicks `button` and returns the text of the file it downloads. */
  async download(button: Locator): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    return readFile(await download.path(), 'utf8');
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: this.info().outputPath(`${name}.png`), fullPage: true });
  }

  protected testId(id: string): Locator {
    return this.page.getByTestId(id);
  }
}

export { expect };
