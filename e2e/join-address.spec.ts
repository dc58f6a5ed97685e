// A speaker who opens TierLab at localhost still projects an address phones can reach: the server's PUBLIC_URL (set
// by playwright.config.ts, as a LAN address would be at a venue), with a warning and a one-click switch that carries
// the presenter's controls to that address.
import { expect, test } from './tierlab-page.ts';

test('the QR code carries the reachable address, and the presenter can move there keeping the controls', async ({
  app,
  page,
  browser,
  baseURL,
}) => {
  const publicOrigin = `http://127.0.0.1:${new URL(baseURL ?? '').port}`;
  await app.open({ model: 'tierlab/tiny-code-encoder', variant: 'fp32', backend: 'wasm', batches: '1' });
  const { joinUrl, code } = await app.rooms.create('Venue check', 'tiny-code-encoder');
  expect(joinUrl).toBe(`${publicOrigin}/#/join/${code}`);
  await expect(page.getByTestId('qr-small')).toHaveAttribute('data-text', joinUrl);
  await expect(page.getByTestId('join-warning')).toContainText('localhost, which phones cannot reach');
  const href = await page.getByTestId('join-switch').getAttribute('href');
  expect(href).toMatch(new RegExp(`^${publicOrigin}/#/present/${code}/key/[A-Za-z0-9_-]{16,}$`));
  await app.screenshot('join-warning');

  // The switch opens the presenter screen at the reachable address, where this browser has no secret yet: the link
  // carries it once, and the URL drops it.
  const elsewhere = await browser.newContext();
  const moved = await elsewhere.newPage();
  await moved.goto(href as string);
  await expect(moved.getByTestId('presenter')).toBeVisible();
  await expect(moved.getByTestId('reset-room')).toBeVisible();
  await expect(moved.getByTestId('join-url')).toHaveText(joinUrl);
  await expect(moved.getByTestId('join-warning')).toHaveCount(0);
  expect(new URL(moved.url()).hash).toBe(`#/present/${code}`);
  await elsewhere.close();
});
