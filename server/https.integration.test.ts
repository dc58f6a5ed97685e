// `npm start -- --https` for phones at a talk: the real server makes its own certificate, serves https on its port and
// redirects plain http there; a Chromium that trusts that certificate (by its public key's hash, as a phone trusts it
// once accepted) gets a secure, cross-origin-isolated page with every core as a WASM thread, at a network name rather
// than localhost; and TLS_CERT/TLS_KEY serve the certificate given.
import type { ChildProcess } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { chromium } from '@playwright/test';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../scripts/browsers/chromium.ts';
import { freePort, startServer } from './testing/spawn-server.ts';
import { tlsMaterial } from './tls.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM');
});

/** The certificate a TLS server on `port` presents. */
function servedCertificate(port: number): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false, servername: 'localhost' }, () => {
      const raw = socket.getPeerX509Certificate();
      socket.end();
      if (raw) resolve(raw);
      else reject(new Error('no certificate presented'));
    });
    socket.on('error', reject);
  });
}

describe('https', () => {
  it('--https: a trusted browser gets a secure, isolated page with threads at a network name; plain http redirects', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tierlab-https-'));
    const port = await freePort();
    children.push(await startServer(port, { DATA_DIR: path.join(dir, 'results'), TLS_DIR: dir }, undefined, ['--https']));

    const plain = await fetch(`http://127.0.0.1:${port}/#/check`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`https://127.0.0.1:${port}/`);

    const cert = new X509Certificate(readFileSync(path.join(dir, 'tls', 'cert.pem')));
    expect((await servedCertificate(port)).fingerprint256).toBe(cert.fingerprint256);
    const spki = createHash('sha256')
      .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64');
    // A name that is not localhost: only https makes it a secure context (a phone opening the LAN address).
    const browser = await chromium.launch({
      executablePath: findChromium() ?? undefined,
      args: [
        ...CHROMIUM_ARGS,
        `--ignore-certificate-errors-spki-list=${spki}`,
        '--host-resolver-rules=MAP tierlab-venue.test 127.0.0.1',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`https://tierlab-venue.test:${port}/#/check`);
      // (A string: this file is compiled for Node, without the DOM's types.)
      const facts = await page.evaluate<{ secure: boolean; isolated: boolean }>(
        '({ secure: self.isSecureContext, isolated: self.crossOriginIsolated })',
      );
      expect(facts).toMatchObject({ secure: true, isolated: true });
      await page.getByTestId('check-verdict').waitFor();
      expect(await page.getByTestId('check-secure').getAttribute('data-state')).toBe('ok');
      expect(await page.getByTestId('check-isolated').getAttribute('data-state')).toBe('ok');
      const threads = await page.getByTestId('check-threads').innerText();
      expect(Number(/(\d+) threads/.exec(threads)?.[1] ?? 0)).toBeGreaterThan(1);
    } finally {
      await browser.close();
    }
  });

  it('TLS_CERT and TLS_KEY: the server presents the certificate given', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tierlab-tls-files-'));
    const given = await tlsMaterial({}, path.join(dir, 'made-elsewhere'), ['tierlab.example.org', '127.0.0.1']);
    const port = await freePort();
    children.push(
      await startServer(port, {
        DATA_DIR: path.join(dir, 'results'),
        TLS_DIR: dir,
        TLS_CERT: path.join(dir, 'made-elsewhere', 'tls', 'cert.pem'),
        TLS_KEY: path.join(dir, 'made-elsewhere', 'tls', 'key.pem'),
      }),
    );
    expect((await servedCertificate(port)).fingerprint256).toBe(given.fingerprint);
  });
});
