// Bad input and interruptions end in a clear message and a usable app.
import { expect, QUICK, test } from './tierlab-page.ts';

test('a file that is not ONNX is refused with its first bytes, and the app still runs', async ({ app, page }) => {
  await app.open({ batches: '1', ...QUICK });
  await app.dropFile('model.onnx', Buffer.from('<!DOCTYPE html><html><body>Not found</body></html>'));
  await app.run();
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('NotOnnxError');
  await expect(error).toContainText('first bytes were "<!DOCTYPE html><html><bo"');
  await app.screenshot('corrupt-file');

  await page.getByTestId('model-select').selectOption('catalog|tierlab/tiny-code-encoder|fp32');
  await app.run();
  await app.waitForResult();
  await expect(page.getByTestId('run-error')).toHaveCount(0);
});

test('a URL that answers 404 says so', async ({ app, page, baseURL }) => {
  await app.open({ model: `${baseURL}/models/no-such/model.onnx`, batches: '1', ...QUICK, autorun: '1' });
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('ModelFetchError');
  await expect(error).toContainText('HTTP 404');
});

test('cancel stops a run mid-way and the next run starts on a fresh worker', async ({ app, page }) => {
  // Every inference worker the page starts, and whether it has ended (terminated).
  const workers: { url: string; closed: boolean }[] = [];
  page.on('worker', (w) => {
    if (!/inference\.worker/.test(w.url())) return;
    const entry = { url: w.url(), closed: false };
    workers.push(entry);
    w.on('close', () => (entry.closed = true));
  });
  await app.open({ batches: '1,2,4,8,16,32', seq: '256', ci: '0.02' });
  await app.run();
  await expect(page.getByTestId('progress')).toContainText(/Round|Warming/, { timeout: 60_000 });
  const before = workers.length;
  expect(before).toBeGreaterThan(0);
  expect(workers[before - 1]!.closed).toBe(false);
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('cancelled')).toBeVisible();
  await expect(page.getByTestId('progress')).toHaveCount(0);
  await expect(page.getByTestId('run')).toBeEnabled();
  // Cancel terminated the worker that was measuring.
  await expect.poll(() => workers[before - 1]!.closed).toBe(true);

  await page.getByTestId('batches').fill('1');
  await page.getByTestId('seq').fill('32');
  await page.getByTestId('seq').dispatchEvent('change');
  await page.getByTestId('precision').selectOption('0.25');
  await app.run();
  await app.waitForResult();
  await expect(page.getByTestId('results-table').locator('tbody tr')).toHaveCount(1);
  // The second run measured on a worker started after the cancel, which is still alive.
  expect(workers.length).toBe(before + 1);
  expect(workers[before]!.closed).toBe(false);
});

test('an invalid share link is explained', async ({ app, page }) => {
  await page.goto('/?batches=1,zero&backend=tpu');
  await expect(page.getByTestId('startup-error')).toContainText(/backend|batch size/);
  await expect(app.page.getByTestId('model-select')).toBeVisible();
});

test('without a usable GPU adapter, WebGPU is shown unavailable with the reason', async ({ playwright, baseURL }) => {
  const { CHROMIUM_ARGS, findChromium } = await import('../scripts/browsers/chromium.ts');
  const args = CHROMIUM_ARGS.filter((a) => !/webgpu|vulkan|Vulkan/.test(a)).concat('--disable-gpu');
  const browser = await playwright.chromium.launch({ executablePath: findChromium() ?? undefined, args });
  try {
    const page = await browser.newPage();
    await page.goto(`${baseURL}/?backend=webgpu`);
    await expect(page.getByTestId('webgpu-unavailable')).toContainText(/WebGPU unavailable: .+/);
    await expect(page.getByTestId('backend-webgpu')).toBeDisabled();
    await expect(page.getByTestId('run')).toBeDisabled();
  } finally {
    await browser.close();
  }
});
