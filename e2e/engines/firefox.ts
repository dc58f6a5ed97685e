// Debian's Firefox ESR for the cross-engine suite (Node): puppeteer-core drives the stock browser over WebDriver BiDi,
// with a fresh profile per launch, headless; no geckodriver and no download.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { Engine, EngineWindow } from './engine.ts';

class FirefoxWindow implements EngineWindow {
  constructor(private readonly page: Page) {}
  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'load' });
  }
  run<T>(body: string): Promise<T> {
    return this.page.evaluate(`(() => { ${body} })()`) as Promise<T>;
  }
  async click(selector: string): Promise<void> {
    await this.page.locator(selector).click();
  }
  async fill(selector: string, value: string): Promise<void> {
    await this.page.locator(selector).fill(value);
  }
  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path: path as `${string}.png`, fullPage: true });
  }
  async close(): Promise<void> {
    await this.page.close();
  }
}

export async function launchFirefox(executablePath: string): Promise<Engine> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    protocol: 'webDriverBiDi',
    // As a visitor has it: no update checks or telemetry pings leaving the machine mid-test.
    extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false },
  });
  const version = await browser.version();
  let first = true;
  const pid = browser.process()?.pid;
  return {
    name: 'firefox',
    version,
    // Content processes run under the browser's; Gecko names each dedicated worker's thread so.
    workers: pid ? { root: pid, name: /^DOM Worker$/ } : null,
    async window() {
      if (first) {
        first = false;
        const [page] = await browser.pages();
        if (page) return new FirefoxWindow(page);
      }
      return new FirefoxWindow(await browser.newPage({ type: 'window' }));
    },
    quit: () => browser.close(),
  };
}
