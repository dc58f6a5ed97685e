// A phone's readiness check (#/check), linked from the join page: on a secure, isolated origin (localhost) it is
// green but for the software adapter; on a plain-http network origin (a name mapped to this server, as a phone sees
// a LAN address) isolation and WebGPU fail and each says how to fix it.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/browsers/chromium.ts';
import { expect, test } from './tierlab-page.ts';

test('on a secure, isolated origin the check is green but for the software adapter, which it names', async ({ app, page }) => {
  await app.open();
  await page.goto('/#/check');
  await expect(page.getByTestId('check-verdict')).toBeVisible();
  for (const id of ['reached', 'secure', 'isolated', 'threads'])
    await expect(page.getByTestId(`check-${id}`)).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('check-threads')).toContainText('2 threads');
  // SwiftShader is a fallback adapter: WebGPU results would be flagged, and the check says so with a fix.
  await expect(page.getByTestId('check-webgpu')).toHaveAttribute('data-state', 'warn');
  await expect(page.getByTestId('check-webgpu-fix')).toContainText('Run on WASM');
  await expect(page.getByTestId('check-webnn')).toHaveAttribute('data-state', 'info');
  await expect(page.getByTestId('check-download')).toContainText('1 MB');
  await app.screenshot('check-secure');
});

test('on plain http at a network address, isolation and WebGPU fail and say to use https', async ({ baseURL }) => {
  // A phone on the venue network opens http://<LAN address>: not a secure context. A name mapped to this server
  // gives the browser the same situation without depending on this machine's network interfaces.
  const port = new URL(baseURL ?? '').port;
  const browser = await chromium.launch({
    executablePath: findChromium() ?? undefined,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP tierlab-venue.test 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://tierlab-venue.test:${port}/#/check`);
    await expect(page.getByTestId('check-verdict')).toContainText('Limited');
    await expect(page.getByTestId('check-reached')).toHaveAttribute('data-state', 'ok');
    for (const id of ['secure', 'isolated', 'webgpu']) {
      await expect(page.getByTestId(`check-${id}`)).toHaveAttribute('data-state', 'fail');
      await expect(page.getByTestId(`check-${id}-fix`)).toContainText('npm start -- --https');
    }
    await expect(page.getByTestId('check-threads')).toContainText('1 thread');
    await page.screenshot({ path: test.info().outputPath('check-plain-http.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});
