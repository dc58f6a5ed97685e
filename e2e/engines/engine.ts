// What the cross-engine suite needs of a browser (Node): windows that open a URL, run a script, click and type. One
// driver per engine (firefox.ts over WebDriver BiDi, webkit.ts over WebKitWebDriver); the steps (steps.ts) are written
// once against this.

export type EngineName = 'firefox' | 'webkit';

export interface EngineWindow {
  goto(url: string): Promise<void>;
  /** Runs `body`, a function body that may `return` a JSON value, in the page (synchronously). */
  run<T>(body: string): Promise<T>;
  click(selector: string): Promise<void>;
  /** Replaces the value of the input at `selector` by typing `value`, as a person would. */
  fill(selector: string, value: string): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  /** The browser's own name for its version (from the driver's session). */
  readonly version: string;
  /** The first call gives the window the browser opened with; later calls open new windows (not tabs: a background
   *  tab is hidden, and a hidden page's run is flagged). */
  window(): Promise<EngineWindow>;
  /** Where the browser's worker threads can be seen (Linux /proc): the root of its process tree, and the name its
   *  engine gives a dedicated worker's thread. Null where the browser runs out of sight. */
  readonly workers: { root: number; name: RegExp } | null;
  quit(): Promise<void>;
}

/** Polls `body` in `win` until it returns a truthy value, which it returns; fails after `timeoutMs` saying `what`,
 *  with the last value seen and any error or progress line the page shows. */
export async function waitFor<T>(win: EngineWindow, what: string, body: string, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await win.run<T>(body);
      if (last) return last as T;
    } catch (e) {
      // A navigation in progress can drop one script; the next poll runs in the new document.
      last = `script failed: ${(e as Error).message.split('\n')[0]}`;
    }
    if (Date.now() > until) {
      const shown = await win
        .run<string>(
          `return [...document.querySelectorAll('[data-testid$=error], [role=alert], [data-testid$=progress-label], [data-testid=progress]')].map((e) => e.textContent.trim()).filter(Boolean).join(' | ')`,
        )
        .catch(() => '');
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${what} (last: ${JSON.stringify(last)}${shown ? `; the page shows: ${shown}` : ''})`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A CSS selector for a data-testid. */
export const tid = (id: string): string => `[data-testid="${id}"]`;
