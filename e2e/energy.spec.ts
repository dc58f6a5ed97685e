// Endurance mode end to end: a share link runs the fixture encoder's curve, then its batch 2 without pause and then
// idle, on a page whose Battery Status API and Compute Pressure are replaced from outside the app (Playwright's init
// script) with a scripted discharge and pressure sequence — headless Chromium reads no battery and no pressure, so
// nothing else can drive them. The export carries the record; the server accepts it and refuses an edited drain.
import type { Page } from '@playwright/test';
import { parseRunResult } from '../src/shared/run-result.ts';
import type { StoredResult, SubmitAccepted } from '../src/shared/results-api.ts';
import { expect, QUICK, test } from './tierlab-page.ts';

/**
 * A battery at 80% on battery power that loses 1% every 2 s from the first getBattery() call for 16 s (the load),
 * then every 6 s; a PressureObserver reporting nominal, then fair after 4 s and serious after 9 s.
 */
const FAKE_POWER = `(() => {
  let t0 = null;
  const battery = new EventTarget();
  Object.defineProperties(battery, {
    level: { get: () => {
      if (t0 === null) return 0.8;
      const s = (performance.now() - t0) / 1000;
      const steps = s < 16 ? Math.floor(s / 2) : 8 + Math.floor((s - 16) / 6);
      return Math.round((80 - steps) ) / 100;
    } },
    charging: { value: false },
    chargingTime: { value: Infinity },
    dischargingTime: { value: 3600 },
  });
  let last = 0.8;
  setInterval(() => {
    const now = battery.level;
    if (now !== last) { last = now; battery.dispatchEvent(new Event('levelchange')); }
  }, 100);
  navigator.getBattery = async () => { if (t0 === null) t0 = performance.now(); return battery; };
  window.PressureObserver = class {
    constructor(cb) { this.cb = cb; this.timers = []; }
    async observe(source) {
      if (source !== 'cpu') throw new TypeError('cpu only');
      const emit = (state) => this.cb([{ source: 'cpu', state, time: performance.now() }], this);
      emit('nominal');
      this.timers.push(setTimeout(() => emit('fair'), 4000), setTimeout(() => emit('serious'), 9000));
    }
    disconnect() { this.timers.forEach(clearTimeout); }
  };
})();`;

const LINK = {
  model: 'tierlab/tiny-code-encoder',
  variant: 'fp32',
  backend: 'wasm',
  batches: '1,2',
  ...QUICK,
  endurance: '16',
  window: '4',
  endbatch: '2',
  then: 'idle',
  autorun: '1',
};

async function endured(page: Page): Promise<void> {
  await expect(page.getByTestId('endurance-summary')).toBeVisible({ timeout: 180_000 });
}

test('an endurance A/B on a scripted battery shows drain per phase, the difference, stability and flags, and the server checks it', async ({
  app,
  page,
  request,
}) => {
  await page.addInitScript(FAKE_POWER);
  await app.open(LINK);
  await expect(page.getByTestId('progress')).toContainText('Endurance', { timeout: 120_000 });
  await endured(page);
  await expect(page.getByTestId('endurance-chart')).toBeVisible();
  await expect(page.getByTestId('endurance-stability')).toContainText(/\d+\.\d%\s+— (passes|below) 97%/);
  await expect(page.getByTestId('endurance-throttled')).toHaveAttribute('data-throttled', /true|false/);
  await expect(page.getByTestId('endurance-ended')).toHaveAttribute('data-ended', 'complete');
  await expect(page.getByTestId('endurance-ended')).toContainText('Compute Pressure up to serious');
  // 2 s a step under load is 1800 %/h; 6 s idle is 600 %/h; each ±one step over the steps counted.
  const load = page.locator('[data-testid=drain-row][data-phase=A]');
  const idle = page.locator('[data-testid=drain-row][data-phase=B]');
  await expect(load).toContainText('%/h');
  await expect(idle).toContainText('%/h');
  await expect(page.getByTestId('drain-difference')).toContainText('%/h');
  await expect(page.getByTestId('energy-modelled')).toContainText('modelled');
  await app.screenshot('endurance');

  const result = parseRunResult(JSON.parse(await app.export('json')));
  const e = result.energy!;
  expect(e.protocol).toMatchObject({ kind: 'endurance', batchSize: 2, then: 'idle', startedOnLevelChange: true });
  expect(e.windows.filter((w) => w.phase === 'A').length).toBeGreaterThanOrEqual(3);
  expect(e.windows.filter((w) => w.phase === 'B').every((w) => w.items === 0)).toBe(true);
  expect(e.batterySamples.length).toBeGreaterThan(5);
  expect(e.pressureSamples.map((s) => s.state)).toEqual(expect.arrayContaining(['nominal', 'fair', 'serious']));
  const a = e.drain!.a!;
  const b = e.drain!.b!;
  expect(a.percentPerHour).toBeGreaterThan(b.percentPerHour);
  expect(a.low).toBeLessThan(a.percentPerHour);
  expect(e.drain!.difference!.percentPerHour).toBeCloseTo(a.percentPerHour - b.percentPerHour, 9);
  expect(e.joulesPerItem.modelled.label).toBe('modelled');

  const post = (body: unknown, key: string) =>
    request.post('/api/results', { data: body, headers: { 'idempotency-key': `${key}-${Date.now()}-e2e` } });
  const honest = await post(result, 'energy-honest');
  expect(honest.status(), await honest.text()).toBe(201);
  const edited = structuredClone(result);
  edited.id = crypto.randomUUID();
  edited.energy!.drain!.a!.percentPerHour *= 0.5;
  const refused = await post(edited, 'energy-edited');
  expect(refused.status()).toBe(422);
  expect(await refused.text()).toContain('energy.drain.a.percentPerHour');

  // The crowd: the explorer pools measured drains per device class, and only those, of the run's kind of work (its
  // comparability key: other tests' results of this model may have measured other work).
  const { id } = (await honest.json()) as SubmitAccepted;
  const { key } = (await (await request.get(`/api/results/${id}`)).json()) as StoredResult;
  await page.goto(`/#/results?includeFlagged=true&model=${encodeURIComponent(LINK.model)}&key=${encodeURIComponent(key)}`);
  await expect(page.getByTestId('crowd-energy-row').first()).toContainText('%/h');
});

test('without a battery to read, the page says energy cannot be measured here and still models it; B at another batch size', async ({
  app,
  page,
}) => {
  // A then B at another batch size: phase B is loaded at batch 1.
  await app.open({ ...LINK, endurance: '10', window: '5', then: 'batch:1' });
  await endured(page);
  await expect(page.getByTestId('energy-unmeasurable')).toContainText('Energy cannot be measured here');
  await expect(page.getByTestId('endurance-drain')).toHaveCount(0);
  await expect(page.getByTestId('energy-modelled')).toContainText(/J \(.+\), modelled/);
  const result = parseRunResult(JSON.parse(await app.export('json')));
  expect(result.energy?.drain).toBeNull();
  expect(result.energy?.batteryUnusable).toBeTruthy();
  expect(result.energy?.protocol).toMatchObject({ then: 'batch', thenBatch: 1, batchSize: 2 });
  const b = result.energy!.windows.filter((w) => w.phase === 'B');
  expect(b.length).toBeGreaterThan(0);
  expect(b.every((w) => w.items > 0)).toBe(true);
});

test('cancelling mid-series lets go of the screen wake lock', async ({ app, page }) => {
  // Keeps the sentinel the app gets, to see whether it was released (the app's own request, unchanged).
  await page.addInitScript(`(() => {
    const wl = navigator.wakeLock;
    if (!wl) return;
    const request = wl.request.bind(wl);
    wl.request = async (type) => (window.__lock = await request(type));
  })();`);
  await app.open({ ...LINK, endurance: '60', window: '5', then: 'none' });
  await expect(page.getByTestId('progress')).toContainText('Endurance:', { timeout: 120_000 });
  const held = await page.evaluate(() => (window as { __lock?: { released: boolean } }).__lock?.released);
  test.skip(held === undefined, 'this browser grants no screen wake lock');
  expect(held).toBe(false);
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('cancelled')).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as { __lock?: { released: boolean } }).__lock?.released)).toBe(true);
});
