// Finds the other engines for the cross-engine suite (Node): Debian's Firefox ESR (or FIREFOX_PATH) and WebKitGTK's
// WebDriver with its MiniBrowser (Debian's webkit2gtk-driver and libwebkit2gtk-4.1-0).
import { existsSync } from 'node:fs';

const FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
const MINIBROWSER = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
];

export function findFirefox(): string | null {
  return process.env.FIREFOX_PATH ?? FIREFOX_PATHS.find((p) => existsSync(p)) ?? null;
}

export function findWebKit(): { driver: string; browser: string } | null {
  const browser = MINIBROWSER.find((p) => existsSync(p));
  return existsSync(WEBKIT_DRIVER) && browser ? { driver: WEBKIT_DRIVER, browser } : null;
}
