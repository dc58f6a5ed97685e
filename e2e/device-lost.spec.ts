// A WebGPU device lost in the middle of a run: the batch sizes measured before the loss make a partial result that is
// flagged, shown, exported and stored, but kept out of the crowd medians.
//
// The loss is real: the test destroys the GPUDevice onnxruntime-web is using, from outside the app. Playwright
// evaluates in the inference worker's global scope as it starts and wraps GPUAdapter.prototype.requestDevice so the
// test can reach the device later; the app itself has no test hook.
import type { Worker } from '@playwright/test';
import type { ResultPage, StoredResult } from '../src/shared/results-api.ts';
import { expect, test } from './tierlab-page.ts';

const MODEL = 'tierlab/tiny-code-encoder';

test('a device lost mid-run gives a partial, flagged result that can be exported and submitted', async ({
  app,
  page,
  request,
}) => {
  // SwiftShader is slow: a run takes about a minute, the model and its shaders another.
  test.setTimeout(480_000);
  const workers: Worker[] = [];
  page.on('worker', (worker) => {
    workers.push(worker);
    void worker
      .evaluate(() => {
        const scope = globalThis as typeof globalThis & { __devices?: GPUDevice[] };
        if (typeof GPUAdapter === 'undefined' || scope.__devices) return;
        scope.__devices = [];
        const original = GPUAdapter.prototype.requestDevice;
        GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, ...args: Parameters<GPUAdapter['requestDevice']>) {
          const device = await original.apply(this, args);
          scope.__devices?.push(device);
          return device;
        };
      })
      .catch(() => {});
  });
  // On SwiftShader a run takes about 1 s at batch 1 and 2.7 s at batch 4 (sequence 128), so every visit is one run, and
  // an unreachable precision target makes both stop at their 10 s time cap: batch 4 after about four rounds, batch 1
  // after about ten. The loss falls in between.
  await app.open({ model: MODEL, variant: 'fp32', backend: 'webgpu', batches: '1,4', seq: '128', ci: '0.001', autorun: '1' });
  await expect(page.getByTestId('progress')).toContainText('1/2 batch sizes done', { timeout: 200_000 });
  let destroyed = 0;
  for (const worker of workers) {
    // A worker that has ended may never answer: give each a few seconds.
    const evaluated = worker
      .evaluate(() => {
        const devices = (globalThis as typeof globalThis & { __devices?: GPUDevice[] }).__devices ?? [];
        for (const d of devices) d.destroy();
        return devices.length;
      })
      .catch(() => 0);
    destroyed += await Promise.race([evaluated, new Promise<number>((r) => setTimeout(() => r(0), 5000))]);
  }
  expect(destroyed, 'the inference worker had a GPU device').toBeGreaterThan(0);

  console.log(`device-lost: destroyed ${destroyed} device(s) at ${new Date().toISOString()}`);
  await app.waitForResult();
  await expect(page.getByTestId('flags')).toContainText('deviceLost');
  await expect(page.getByTestId('flags')).toContainText('partial result: measuring stopped at batch 1');
  await app.screenshot('device-lost');
  const result = await app.exportResult();
  expect(result.flags.deviceLost).toBe(true);
  expect(result.points.map((p) => p.batchSize)).toEqual([4]);
  expect(result.plan.batches).toEqual([1, 4]);

  // Submitted: stored with the deviceLost flag, and left out of the list unless flagged results are asked for.
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/results') && r.request().method() === 'POST');
  await page.getByTestId('submit').click();
  const accepted = (await (await answer).json()) as { id: string; flags: string[] };
  expect(accepted.flags).toContain('deviceLost');
  const stored = (await (await request.get(`/api/results/${accepted.id}`)).json()) as StoredResult;
  expect(stored.points.map((p) => p.batchSize)).toEqual([4]);
  const clean = (await (await request.get(`/api/results?model=${MODEL}&limit=100`)).json()) as ResultPage;
  expect(clean.items.map((i) => i.id)).not.toContain(accepted.id);
});
