// Every page fits a phone and a laptop. On each page, at 360, 390 and 412 px (Galaxy S8, iPhone 13, Pixel 7, with
// touch and the phone's viewport rules) and at 1366 px: the document never scrolls sideways (wide tables scroll in
// their own region), and a tap on the page's primary control reaches that control, not a label lying over it. The run
// column of the Benchmark page also keeps every control inside it with no button label wrapping.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { CHROME_LINUX_UA, sampleResult } from '../src/bench/testing/sample-result.ts';
import { expect, test } from './tierlab-page.ts';

const PHONES = [
  { device: 'Galaxy S8', width: 360, height: 740 },
  { device: 'iPhone 13', width: 390, height: 844 },
  { device: 'Pixel 7', width: 412, height: 915 },
];
const LAPTOP = { device: 'laptop', width: 1366, height: 768 };

interface PageCase {
  name: string;
  hash: (made: Made) => string;
  /** The control a visitor comes to the page to press. */
  primary: (page: Page) => Locator;
}

interface Made {
  resultId: string;
  roomCode: string;
}

const PAGES: PageCase[] = [
  { name: 'benchmark', hash: () => '#/', primary: (p) => p.getByTestId('run') },
  { name: 'tiers', hash: () => '#/tiers', primary: (p) => p.getByTestId('tier-empty').getByRole('link') },
  { name: 'accuracy', hash: () => '#/accuracy', primary: (p) => p.getByTestId('acc-run') },
  { name: 'operators', hash: () => '#/operators', primary: (p) => p.getByTestId('lab-run') },
  { name: 'code', hash: () => '#/code', primary: (p) => p.getByTestId('sandbox-run') },
  { name: 'results', hash: () => '#/results', primary: (p) => p.getByTestId('filter-flagged') },
  {
    name: 'result',
    hash: (m) => `#/results/${m.resultId}`,
    primary: (p) => p.getByTestId('result-detail').getByRole('link', { name: 'all results for this model' }),
  },
  { name: 'rooms', hash: () => '#/rooms', primary: (p) => p.getByTestId('create-room') },
  { name: 'presenter', hash: (m) => `#/present/${m.roomCode}`, primary: (p) => p.getByTestId('run-here') },
  { name: 'join', hash: (m) => `#/join/${m.roomCode}`, primary: (p) => p.getByTestId('join-run') },
  { name: 'check', hash: () => '#/check', primary: (p) => p.getByTestId('check-again') },
  { name: 'replay', hash: () => '#/replay', primary: (p) => p.getByTestId('replay-file') },
];

/** A stored result (for its page) and a room (for the presenter and join pages), made through the API. */
async function make(request: APIRequestContext): Promise<Made> {
  const result = sampleResult();
  result.model.id = 'tierlab/tiny-code-encoder';
  result.environment.userAgent = CHROME_LINUX_UA;
  const stored = await request.post('/api/results', {
    data: result,
    headers: { 'user-agent': CHROME_LINUX_UA, 'idempotency-key': `layout-${Date.now()}-${Math.round(Math.random() * 1e9)}` },
  });
  expect(stored.status(), await stored.text()).toBe(201);
  const room = await request.post('/api/rooms', { data: { title: 'Layout check', plan: sampleResult().plan } });
  expect(room.status(), await room.text()).toBe(201);
  return {
    resultId: ((await stored.json()) as { id: string }).id,
    roomCode: ((await room.json()) as { room: { code: string } }).room.code,
  };
}

// Records where each click lands and stops it there: the tap must reach the control, and pressing it (a run, a
// room, a file chooser) is what the other specs test. Svelte handles clicks at the app's root, so stopping the event
// in the capture phase at the window keeps the press from doing anything.
const TAP_PROBE = `
window.__tapReached = null;
addEventListener('click', (e) => {
  const target = e.target instanceof Element ? e.target : null;
  window.__tapReached = target && target.closest('[data-tap-target]') ? 'target' : target ? target.outerHTML.slice(0, 120) : 'nothing';
  e.preventDefault();
  e.stopImmediatePropagation();
}, true);
`;

/** What makes the document wider than the viewport: the outermost elements past the right edge. */
async function overflow(page: Page, width: number): Promise<string[]> {
  return page.evaluate((w) => {
    const root = document.documentElement;
    if (root.scrollWidth <= w) return [];
    const culprits = Array.from(document.querySelectorAll<HTMLElement>('body *')).filter((el) => {
      const right = el.getBoundingClientRect().right;
      const parent = el.parentElement?.getBoundingClientRect().right ?? 0;
      return right > w + 0.5 && parent <= w + 0.5;
    });
    return [
      `document is ${root.scrollWidth} px wide`,
      ...culprits
        .slice(0, 5)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} ends at ${Math.round(el.getBoundingClientRect().right)} px`,
        ),
    ];
  }, width);
}

/** Taps `control` by touch and says where the tap went: 'target' when it reached the control. */
async function tapReaches(page: Page, control: Locator): Promise<string> {
  await control.evaluate((el) => el.setAttribute('data-tap-target', ''));
  await page.evaluate('window.__tapReached = null');
  try {
    // Playwright taps only once the control is the element at its own centre ("… intercepts pointer events"
    // otherwise): a control covered or pushed off the page fails here.
    await control.tap({ timeout: 10_000 });
  } catch (err) {
    return `the tap failed: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`;
  }
  return String(await page.evaluate('window.__tapReached'));
}

for (const screen of [...PHONES, LAPTOP]) {
  const phone = screen !== LAPTOP;
  test.describe(`${screen.device} at ${screen.width} px`, () => {
    test.use({
      viewport: { width: screen.width, height: screen.height },
      isMobile: phone,
      hasTouch: true,
      deviceScaleFactor: phone ? 3 : 1,
    });

    test(`every page fits ${screen.width} px and its primary control takes a tap`, async ({ app, page, request }) => {
      const made = await make(request);
      await page.addInitScript(TAP_PROBE);
      const problems: string[] = [];
      for (const c of PAGES) {
        await page.goto(`/${c.hash(made)}`);
        const control = c.primary(page);
        await expect(control, `${c.name}: its primary control`).toBeVisible();
        // Controls enabled once the catalog has loaded: the page is laid out as a visitor sees it.
        if (await control.evaluate((el) => el instanceof HTMLButtonElement)) await expect(control).toBeEnabled();
        for (const o of await overflow(page, screen.width)) problems.push(`${c.name}: ${o}`);
        if (screen.width === 360) await app.screenshot(`layout-360-${c.name}`);
        const reached = await tapReaches(page, control);
        if (reached !== 'target') problems.push(`${c.name}: a tap on its primary control reached ${reached}`);
      }
      expect(problems).toEqual([]);
    });
  });
}

for (const width of [360, 768, 1366]) {
  test(`run controls fit the column at ${width} px`, async ({ app, page }) => {
    await page.setViewportSize({ width, height: 900 });
    await app.open();
    const controls = page.getByRole('region', { name: 'Run plan' });
    await expect(controls).toBeVisible();
    const overflow = await controls.evaluate((section) => {
      const box = section.getBoundingClientRect();
      const problems: string[] = [];
      for (const el of Array.from(section.querySelectorAll<HTMLElement>('select, input, button'))) {
        const r = el.getBoundingClientRect();
        if (r.width === 0) continue;
        const label = el.dataset.testid ?? el.textContent?.trim() ?? el.tagName;
        if (r.right > box.right + 0.5 || r.left < box.left - 0.5) problems.push(`${label} sticks out of the column`);
        if (el.tagName === 'BUTTON') {
          const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 18;
          if (r.height > 2 * lineHeight) problems.push(`"${label}" wraps onto ${Math.round(r.height / lineHeight)} lines`);
        }
      }
      return problems;
    });
    await app.screenshot(`controls-${width}`);
    expect(overflow).toEqual([]);
  });
}
