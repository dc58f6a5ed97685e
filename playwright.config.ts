// Browser end-to-end tests (Node runner, Debian Chromium): against the built app served by server/main.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/browsers/chromium.ts';

const port = Number(process.env.E2E_PORT ?? 4391);
const executablePath = findChromium() ?? undefined;
// A fresh results store for each test run (workers inherit the variable, so they see the same folder).
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'tierlab-e2e-results-'));
// A second server speaks https, as `npm start -- --https` does at a talk (the live rooms run there). Its certificate
// is made before the browser starts, by the server's own code, so the browser can be told to trust its key.
process.env.E2E_TLS_DIR ??= mkdtempSync(path.join(tmpdir(), 'tierlab-e2e-tls-'));
const httpsPort = port + 1;
process.env.E2E_HTTPS_URL = `https://localhost:${httpsPort}`;
const spki = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/e2e-cert.ts', process.env.E2E_TLS_DIR], {
  encoding: 'utf8',
});

export default defineConfig({
  testDir: 'e2e',
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
    // As visitors have it: the service worker registers on the first visit and controls the page (and its workers)
    // from then on. A spec that must see past it blocks it and says why.
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Trusting the https server's key is what a phone does once it accepts the self-signed certificate.
    launchOptions: { executablePath, args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spki}`] },
  },
  webServer: [
    {
      command: 'node --import tsx server/main.ts',
      // PUBLIC_URL: the address phones reach the server at (a LAN address at a venue). The tests open the app at
      // localhost, as a speaker would, so the presenter screen must put this address, not localhost, in its QR code.
      // TRUSTED_PROXIES: as behind a reverse proxy, so a test's API request can come from another network
      // (X-Forwarded-For) and count as another source; the browser's own requests carry none and are this machine's.
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: process.env.E2E_DATA_DIR,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TRUSTED_PROXIES: '127.0.0.1,::ffff:127.0.0.1',
      },
      url: `http://localhost:${port}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // The talk setup: https on every interface with a self-signed certificate and no PUBLIC_URL, so the QR code
      // carries this machine's LAN address (when it has one).
      command: 'node --import tsx server/main.ts',
      env: {
        PORT: String(httpsPort),
        HOST: '0.0.0.0',
        HTTPS: '1',
        TLS_DIR: process.env.E2E_TLS_DIR,
        DATA_DIR: path.join(process.env.E2E_TLS_DIR, 'results'),
      },
      url: `https://localhost:${httpsPort}/`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
