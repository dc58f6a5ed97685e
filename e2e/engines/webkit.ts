// WebKitGTK (the engine Safari shares) for the cross-engine suite (Node): Debian's webkit2gtk-driver starts MiniBrowser
// under WebKitWebDriver, driven through selenium-webdriver; with no display, a private Xvfb gives it one.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Builder, By, type WebDriver } from 'selenium-webdriver';
import type { Engine, EngineWindow } from './engine.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited with ${child.exitCode}`);
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** A display for MiniBrowser: the caller's, or a private Xvfb. */
async function display(children: ChildProcess[]): Promise<string> {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  if (!existsSync('/usr/bin/Xvfb')) throw new Error('WebKitGTK needs a display: install xvfb (apt-get install xvfb)');
  for (let n = 90; n < 110; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    const xvfb = spawn('/usr/bin/Xvfb', [`:${n}`, '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    children.push(xvfb);
    const until = Date.now() + 10_000;
    while (!existsSync(`/tmp/.X11-unix/X${n}`)) {
      if (xvfb.exitCode !== null || Date.now() > until) throw new Error(`Xvfb :${n} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return `:${n}`;
  }
  throw new Error('no free X display number between :90 and :109');
}

class WebKitWindow implements EngineWindow {
  constructor(
    private readonly driver: WebDriver,
    private readonly handle: string,
  ) {}
  /** Commands go to the driver's current window: switch to this one first (the current one may have been closed). */
  private async focus(): Promise<void> {
    await this.driver.switchTo().window(this.handle);
  }
  async goto(url: string): Promise<void> {
    await this.focus();
    await this.driver.get(url);
  }
  async run<T>(body: string): Promise<T> {
    await this.focus();
    return (await this.driver.executeScript(body)) as T;
  }
  async click(selector: string): Promise<void> {
    await this.focus();
    await this.driver.findElement(By.css(selector)).click();
  }
  async fill(selector: string, value: string): Promise<void> {
    await this.focus();
    const el = await this.driver.findElement(By.css(selector));
    await el.clear();
    await el.sendKeys(value);
  }
  async screenshot(path: string): Promise<void> {
    await this.focus();
    // WebKitWebDriver's screenshot can hang on an idle page: give up after 10 s rather than hold the suite.
    const shot = await Promise.race([this.driver.takeScreenshot(), new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
    if (shot) (await import('node:fs')).writeFileSync(path, Buffer.from(shot, 'base64'));
  }
  async close(): Promise<void> {
    await this.focus();
    await this.driver.close();
  }
}

export async function launchWebKit(paths: { driver: string; browser: string }): Promise<Engine> {
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const c of children.reverse()) c.kill('SIGTERM');
  };
  try {
    const env = { ...process.env, DISPLAY: await display(children) };
    const port = await freePort();
    const driverProcess = spawn(paths.driver, [`--port=${port}`, '--host=127.0.0.1'], { env, stdio: 'ignore' });
    children.push(driverProcess);
    await waitForPort(`http://127.0.0.1:${port}/status`, driverProcess, 15_000);
    const driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        // A fresh, private profile each session: MiniBrowser's --automation mode uses an ephemeral data store.
        'webkitgtk:browserOptions': { binary: paths.browser, args: ['--automation'] },
      })
      .build();
    const caps = await driver.getCapabilities();
    const version = `WebKitGTK ${String(caps.get('browserVersion') ?? 'unknown')}`;
    let first = true;
    return {
      name: 'webkit',
      version,
      // MiniBrowser and its web process run under the driver; WebKit names each dedicated worker's thread so.
      workers: driverProcess.pid ? { root: driverProcess.pid, name: /^WebCore: Worker$/ } : null,
      async window() {
        if (first) {
          first = false;
          return new WebKitWindow(driver, await driver.getWindowHandle());
        }
        await driver.switchTo().newWindow('window');
        return new WebKitWindow(driver, await driver.getWindowHandle());
      },
      async quit() {
        await driver.quit().catch(() => undefined);
        stop();
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}
