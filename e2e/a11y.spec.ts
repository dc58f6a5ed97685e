// Readable on a projector and on a phone in sunlight, usable from the keyboard: axe-core scans every page with
// content in it (after a run, a submission and a room) and allows no serious or critical violation, and no empty
// table header.
import { expect, QUICK, test } from './tierlab-page.ts';
import { violations } from './axe.ts';

test('every page passes axe-core: benchmark, tiers, accuracy, code, operators, results, rooms, presenter, join and check', async ({
  app,
  page,
  context,
}) => {
  await app.open({
    model: 'tierlab/tiny-code-encoder',
    variant: 'fp32',
    backend: 'wasm',
    batches: '1,2',
    ...QUICK,
    autorun: '1',
  });
  await app.waitForResult();
  const found: Record<string, string[]> = {};
  found.benchmark = await violations(page);
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('submitted-link')).toBeVisible({ timeout: 30_000 });

  await app.tiers.goto();
  found.tiers = await violations(page);
  await app.nav('accuracy');
  found.accuracy = await violations(page);
  await app.nav('code');
  found.code = await violations(page);
  // The operators lab before a run (operators.spec.ts scans it full of results).
  await app.nav('operators');
  found.operators = await violations(page);
  await app.results.goto();
  // A quick run on a busy machine may be flagged (hidden by default): show flagged results so the table has rows.
  await page.getByTestId('filter-flagged').check();
  await expect(page.getByTestId('explorer-row').first()).toBeVisible();
  found.results = await violations(page);
  await app.nav('rooms');
  found.rooms = await violations(page);
  const { joinUrl } = await app.rooms.create('Accessibility check', 'tiny-code-encoder');
  found.presenter = await violations(page);
  const phone = await context.newPage();
  await phone.goto(joinUrl);
  await expect(phone.getByTestId('join-page')).toBeVisible();
  found.join = await violations(phone);
  await phone.getByTestId('join-check').click();
  await expect(phone.getByTestId('check-verdict')).toBeVisible();
  found.check = await violations(phone);
  await phone.close();
  expect(found).toEqual({
    benchmark: [],
    tiers: [],
    accuracy: [],
    code: [],
    operators: [],
    results: [],
    rooms: [],
    presenter: [],
    join: [],
    check: [],
  });
});
