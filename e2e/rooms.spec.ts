// Live demo mode, over https as at a talk (`npm start -- --https`, the second server in playwright.config.ts): a
// presenter creates a room, two emulated phones join through the join URL, which carries this machine's LAN address,
// and run the fixture model; the presenter's counts, chart and leaderboard fill in; the speaker's own run is
// highlighted; only the presenter can act on the room; the exported room replays with no network.
import { writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { devices, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { parseRecordedRoom, type RecordedRoom } from '../src/shared/rooms.ts';
import { expect, QUICK, test } from './tierlab-page.ts';
import { excludesFromAggregates } from '../src/shared/validity.ts';
import { lanAddresses } from '../server/addresses.ts';

// The browser trusts the server's self-signed key (launch flag); Node's request contexts are told to accept it.
test.use({ baseURL: process.env.E2E_HTTPS_URL, ignoreHTTPSErrors: true });

const MODEL = 'tierlab/tiny-code-encoder';
const PHONES = ['Pixel 7', 'iPhone 13'] as const;
let recordingPath = '';
let recording: RecordedRoom | null = null;

async function phone(browser: Browser, name: (typeof PHONES)[number], baseURL: string): Promise<BrowserContext> {
  const { defaultBrowserType: _ignored, ...descriptor } = devices[name];
  return browser.newContext({ ...descriptor, baseURL, serviceWorkers: 'allow', ignoreHTTPSErrors: true });
}

/** Every uncaught page error, so a phone's failure shows up in the test. */
function watch(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
}

test.describe.serial('live demo rooms', () => {
  test('a presenter creates a room, two phones join and run, the screen fills in', async ({
    app,
    page,
    browser,
    baseURL,
    request,
  }) => {
    // The presenter sets the plan on the benchmark page (quick, so SwiftShader-era CPUs keep up) and creates a room.
    await app.open({ model: MODEL, variant: 'fp32', backend: 'wasm', batches: '1,2', ...QUICK });
    const { joinUrl, code } = await app.rooms.create('Edge AI meetup', MODEL);
    await expect(app.rooms.status).toContainText('live');
    expect(joinUrl).toMatch(/\/#\/join\/[A-Z2-9]{6}$/);
    // The server listens on every interface with no PUBLIC_URL: the QR code carries https and a LAN address of this
    // machine when it has one; with none, the presenter is warned instead.
    const lan = lanAddresses(networkInterfaces());
    const joinAt = new URL(joinUrl);
    expect(joinAt.protocol).toBe('https:');
    if (lan.length > 0) expect(lan.map((a) => (a.includes(':') ? `[${a}]` : a))).toContain(joinAt.hostname);
    else await expect(page.getByTestId('join-warning')).toBeVisible();
    await expect(page.getByTestId('qr-small')).toHaveAttribute('data-text', joinUrl);
    await expect(page.getByTestId('count-joined')).toHaveText('0');
    await page.keyboard.press('3');
    await expect(page.getByTestId('qr-full')).toBeVisible();
    await app.screenshot('room-qr');
    await page.keyboard.press('1');

    // Two phones open the join URL and run with one tap each.
    const errors: string[] = [];
    const phones = await Promise.all(PHONES.map((name) => phone(browser, name, baseURL ?? '')));
    const pages = await Promise.all(phones.map((c) => c.newPage()));
    for (const p of pages) watch(p, errors);
    await Promise.all(pages.map((p) => p.goto(joinUrl)));
    for (const p of pages) await expect(p.getByTestId('join-title')).toHaveText('Edge AI meetup');
    await expect(page.getByTestId('count-joined')).toHaveText('2');
    // Before anyone presses go, the screen says what the phones can do (SwiftShader is a fallback: no real WebGPU).
    await expect(page.getByTestId('room-readiness')).toHaveText('2 reported: 0 with WebGPU, 2 with threads');
    // Phones open the reachable address, never localhost, and get what https gives: threads (isolation).
    if (lan.length > 0) expect(new URL(joinUrl).hostname).not.toBe('localhost');
    expect(await pages[0]!.evaluate(() => [window.isSecureContext, window.crossOriginIsolated])).toEqual([true, true]);
    await pages[0]?.screenshot({ path: test.info().outputPath('phone-join.png') });
    await Promise.all(pages.map((p) => p.getByTestId('join-run').click()));
    for (const p of pages) await expect(p.getByTestId('join-sent')).toBeVisible({ timeout: 200_000 });
    await pages[1]?.screenshot({ path: test.info().outputPath('phone-done.png') });

    // The presenter's counts and chart update live.
    await expect(page.getByTestId('count-finished')).toHaveText('2');
    await expect(page.getByTestId('count-running')).toHaveText('0');

    // The speaker runs it too, from the presenter screen (a new tab of the same browser): that device is highlighted.
    const [own] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('run-here').click()]);
    await own.getByTestId('join-run').click();
    await expect(own.getByTestId('join-sent')).toBeVisible({ timeout: 200_000 });
    await own.close();
    await expect(page.getByTestId('count-finished')).toHaveText('3');
    await page.keyboard.press('4');
    await expect(page.getByTestId('room-result').filter({ hasText: '★' })).toHaveCount(1);
    await page.keyboard.press('1');

    const exported = parseRecordedRoom(await (await request.get(`/api/rooms/${code}/export`)).json());
    const results = exported.events.flatMap((e) => (e.event.kind === 'result' ? [e.event] : []));
    expect(results).toHaveLength(3);
    expect(new Set(results.map((r) => r.deviceClass)).size, 'Android, iOS and the Linux laptop are three device classes').toBe(3);
    const cleanClasses = new Set(results.filter((r) => !excludesFromAggregates(r.flags)).map((r) => r.deviceClass));
    if (cleanClasses.size > 0) {
      await expect(page.getByTestId('room-chart')).toBeVisible();
      await expect(page.getByTestId('room-chart')).toContainText('Latency against batch size');
    }
    await app.screenshot('room-chart');
    await page.keyboard.press('2');
    await expect(page.getByTestId('leaderboard').locator('tbody tr')).toHaveCount(cleanClasses.size);
    await app.screenshot('room-leaderboard');
    await page.keyboard.press('4');
    await expect(page.getByTestId('room-result')).toHaveCount(3);
    await app.screenshot('room-devices');
    // Each result names its engine, and the presenter can show one engine's: an iPhone is WebKit whatever its browser.
    const enginePick = page.getByTestId('engine-pick');
    await expect(enginePick.locator('button')).toHaveText(['all', 'Chromium (Blink)', 'Safari (WebKit)']);
    await enginePick.locator('[data-engine=webkit]').click();
    await expect(page.getByTestId('room-result')).toHaveCount(1);
    await expect(page.getByTestId('room-result-engine')).toHaveText('Safari (WebKit)');
    await enginePick.getByRole('button', { name: 'all' }).click();
    await expect(page.getByTestId('room-result')).toHaveCount(3);

    // Only the presenter can act: a phone's request without the secret is refused, and the room is unchanged.
    const phoneRequest = phones[0]?.request;
    expect((await phoneRequest?.post(`/api/rooms/${code}/reset`))?.status()).toBe(401);
    expect(
      (await phoneRequest?.post(`/api/rooms/${code}/reset`, { headers: { authorization: 'Bearer guessed' } }))?.status(),
    ).toBe(403);
    await expect(page.getByTestId('room-result')).toHaveCount(3);
    // The presenter hides one result: it leaves the screen (and any replay of the room).
    await page.getByTestId('hide-result').first().click();
    await expect(page.getByTestId('room-result')).toHaveCount(2);

    // Export the room for replay.
    recordingPath = test.info().outputPath(`room-${code}.json`);
    await app.rooms.exportRoom(recordingPath);
    recording = parseRecordedRoom(JSON.parse((await import('node:fs')).readFileSync(recordingPath, 'utf8')));
    expect(recording.events.at(-1)?.event.kind).toBe('hidden');

    // Closing the room tells the phones.
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('close-room').click();
    await expect(page.getByTestId('room-status')).toHaveText('room closed');
    await expect(pages[0]!.getByTestId('join-closed')).toBeVisible();
    await Promise.all(phones.map((c) => c.close()));
    expect(errors).toEqual([]);
  });

  test('replay mode plays an exported room with no network', async ({ app, page }) => {
    expect(recording, 'the first test exported a room').not.toBeNull();
    await app.open();
    await page.goto('/#/replay');
    // A file that is not a recording gets a clear error.
    const bad = test.info().outputPath('not-a-room.json');
    writeFileSync(bad, JSON.stringify({ format: 'tierlab-room', version: 1, events: 'lots' }));
    await page.getByTestId('replay-file').setInputFiles(bad);
    await expect(page.getByTestId('replay-error')).toContainText('not a TierLab room recording');

    await page.context().setOffline(true);
    await page.getByTestId('replay-file').setInputFiles(recordingPath);
    await expect(page.getByTestId('presenter')).toBeVisible();
    await expect(page.getByTestId('room-title')).toHaveText('Edge AI meetup');
    await page.getByTestId('replay-end').click();
    await expect(page.getByTestId('count-finished')).toHaveText('3');
    await expect(page.getByTestId('room-status')).toContainText(`${recording?.events.length}/${recording?.events.length} events`);
    await page.keyboard.press('4');
    // The hidden result stays hidden in the replay.
    await expect(page.getByTestId('room-result')).toHaveCount(2);
    await page.keyboard.press('1');
    await app.screenshot('room-replay');
    await page.context().setOffline(false);
  });
});
