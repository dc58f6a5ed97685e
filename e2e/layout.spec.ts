// The control column fits a phone, a tablet and a laptop: no control is clipped and no button label wraps.
import { expect, test } from './tierlab-page.ts';

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
