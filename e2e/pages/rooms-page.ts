// Live demo rooms (`#/rooms`, `#/present/<code>`, `#/join/<code>`, `#/replay`): create a room, watch it, export it.
import { expect, PageBase } from './page-base.ts';

export class RoomsPage extends PageBase {
  readonly title = this.testId('room-title');
  readonly status = this.testId('room-status');
  readonly results = this.testId('room-result');

  /** From the benchmark page's plan (`model` shown in the preview): creates a room; returns its join URL and code. */
  async create(title: string, model: string): Promise<{ joinUrl: string; code: string }> {
    await this.nav('rooms');
    await expect(this.testId('room-plan-preview')).toContainText(model);
    await this.testId('room-title-input').fill(title);
    await this.testId('create-room').click();
    await expect(this.testId('presenter')).toBeVisible();
    await expect(this.title).toHaveText(title);
    const joinUrl = await this.testId('join-url').innerText();
    return { joinUrl, code: joinUrl.slice(-6) };
  }

  /** Downloads the room's recording (presenter only) and returns the file's path. */
  async exportRoom(path: string): Promise<void> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.testId('export-room').click()]);
    await download.saveAs(path);
  }
}
