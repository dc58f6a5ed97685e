// Finds a Chromium for the browser tests (Node): CHROME_PATH, the system's chromium, or Playwright's own download.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const SYSTEM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Flags every headless run needs here: no sandbox as root, no background traffic, WebGPU allowed. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
];

/** WebGPU on SwiftShader, Chromium's software Vulkan: works with no GPU, slowly (the adapter reports as fallback). */
export const SWIFTSHADER_ARGS = ['--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

/** What the browser tests run with: WebGPU always available, on SwiftShader. */
export const CHROMIUM_ARGS = [...BASE_ARGS, ...SWIFTSHADER_ARGS];

function playwrightOwn(): string | null {
  try {
    const path = execFileSync(
      process.execPath,
      ['-e', "process.stdout.write(require('playwright-core').chromium.executablePath())"],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Path of a usable Chromium, or null. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  return SYSTEM_CANDIDATES.find((p) => existsSync(p)) ?? playwrightOwn();
}
