// The tier simulator after a fixture run: three tiers from the measured curve, the crossover moving with the
// network, split points measured on the cut model, and the server scenario.
import { expect, QUICK, test } from './tierlab-page.ts';

test('after a run the tier page shows the tiers, moves the crossover with the network, and measures split points', async ({
  app,
  page,
}) => {
  await app.open({
    model: 'tierlab/tiny-code-encoder',
    variant: 'fp32',
    backend: 'wasm',
    batches: '1,2,4,8',
    ...QUICK,
    autorun: '1',
  });
  await app.waitForResult();
  await app.tiers.goto();
  await expect(page.getByTestId('tier-verdict')).toContainText('On Wi-Fi');
  await expect(page.getByTestId('tier-row')).toHaveCount(3);
  await expect(page.locator('[data-testid=tier-row][data-tier=edge]')).toContainText('ms');
  await expect(page.getByTestId('crossover-chart')).toBeVisible();
  await expect(page.getByTestId('tier-bars')).toBeVisible();

  // A network with a long round trip keeps more batch sizes on this device than a fast one.
  const remoteWins = () => app.tiers.remoteWins();
  await app.tiers.network('wired');
  await expect(page.getByTestId('tier-verdict')).toContainText('On wired');
  const wired = await remoteWins();
  await page.getByTestId('tier-network').selectOption('3g');
  await expect(page.getByTestId('tier-verdict')).toContainText('On 3G');
  const threeG = await remoteWins();
  expect(wired).toBeGreaterThan(threeG);
  await app.screenshot('tiers');

  await page.getByTestId('split-run').click();
  await expect(page.getByTestId('split-chart')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('split-summary')).toContainText('4 layers, hidden width 128');

  await page.getByTestId('server-rate').fill('20');
  await page.getByTestId('server-run').click();
  await expect(page.getByTestId('server-result')).toContainText('At 20 requests/s: p50');
  await app.screenshot('tiers-split');
});
