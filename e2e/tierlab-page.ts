// Fixtures for TierLab's browser tests: `app` is the benchmark page's object, with one page object per other page
// (app.accuracy, app.operators, app.code, app.tiers, app.results, app.rooms; e2e/pages/). Every test also checks that the page threw
// nothing and asked no other origin for anything.
import { test as base, expect, type Request } from '@playwright/test';
import { AccuracyPage } from './pages/accuracy-page.ts';
import { BenchmarkPage, QUICK } from './pages/benchmark-page.ts';
import { CodePage } from './pages/code-page.ts';
import { ResultsPage } from './pages/results-page.ts';
import { RoomsPage } from './pages/rooms-page.ts';
import { TiersPage } from './pages/tiers-page.ts';
import { OperatorsPage } from './pages/operators-page.ts';

export class TierLabPage extends BenchmarkPage {
  readonly accuracy = new AccuracyPage(this.page, this.info);
  readonly code = new CodePage(this.page, this.info);
  readonly tiers = new TiersPage(this.page, this.info);
  readonly results = new ResultsPage(this.page, this.info);
  readonly rooms = new RoomsPage(this.page, this.info);
  readonly operators = new OperatorsPage(this.page, this.info);
}

export const test = base.extend<{ app: TierLabPage }>({
  app: async ({ page, baseURL }, use) => {
    const errors: string[] = [];
    const offOrigin: Request[] = [];
    const blockedByCsp = new Set<Request>();
    const origin = new URL(baseURL ?? 'http://localhost').origin;
    page.on('pageerror', (e) => errors.push(e.message));
    // Wasm, models and scripts come from our own origin: a CDN request here would break offline use and COEP.
    page.on('request', (r) => {
      const url = r.url();
      if (/^https?:/.test(url) && new URL(url).origin !== origin) offOrigin.push(r);
    });
    // A request the browser refused under a Content-Security-Policy never left it (the sandbox's escape attempts).
    page.on('requestfailed', (r) => {
      if (/^csp$|BLOCKED_BY_CSP/i.test(r.failure()?.errorText ?? '')) blockedByCsp.add(r);
    });
    await use(new TierLabPage(page, () => test.info()));
    expect(errors, 'uncaught errors in the page').toEqual([]);
    expect(
      offOrigin.filter((r) => !blockedByCsp.has(r)).map((r) => r.url()),
      'requests to other origins',
    ).toEqual([]);
  },
});

export { expect, QUICK };
