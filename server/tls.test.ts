// The HTTPS certificate: made with `selfsigned` for every name of the machine, kept and reused while it covers them,
// made again when a new address appears, and TLS_CERT/TLS_KEY taken as given.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateNames, httpsWanted, machineNames, tlsMaterial } from './tls.ts';

const iface = (address: string) =>
  ({ address, internal: false, family: 'IPv4', netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;

describe('tls', () => {
  it('is on with --https, HTTPS=1 or a certificate given', () => {
    expect(httpsWanted({}, ['--https'])).toBe(true);
    expect(httpsWanted({ HTTPS: '1' }, [])).toBe(true);
    expect(httpsWanted({ TLS_CERT: 'c', TLS_KEY: 'k' }, [])).toBe(true);
    expect(httpsWanted({}, [])).toBe(false);
  });

  it('covers localhost, the host name, loopback and every LAN address; reuses it until a new address appears', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tierlab-tls-'));
    const names = machineNames({ eth0: [iface('192.168.1.20')] }, 'speaker-laptop');
    expect(names).toEqual(['localhost', 'speaker-laptop', 'speaker-laptop.local', '127.0.0.1', '::1', '192.168.1.20']);
    const first = await tlsMaterial({}, dir, names);
    expect(first.source).toBe('created');
    expect(certificateNames(first.cert)).toEqual(
      expect.arrayContaining(['localhost', 'speaker-laptop.local', '192.168.1.20', '127.0.0.1']),
    );
    expect(first.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const again = await tlsMaterial({}, dir, names);
    expect(again.source).toBe('reused');
    expect(again.spkiSha256).toBe(first.spkiSha256);
    // A new network: the certificate is made again to cover the new address.
    const moved = await tlsMaterial({}, dir, [...names, '10.0.0.5']);
    expect(moved.source).toBe('created');
    expect(certificateNames(moved.cert)).toContain('10.0.0.5');
    // Given files win, and half a pair is refused.
    writeFileSync(path.join(dir, 'c.pem'), first.cert);
    writeFileSync(path.join(dir, 'k.pem'), first.key);
    const files = await tlsMaterial({ TLS_CERT: path.join(dir, 'c.pem'), TLS_KEY: path.join(dir, 'k.pem') }, dir, names);
    expect(files).toMatchObject({ source: 'files', spkiSha256: first.spkiSha256 });
    await expect(tlsMaterial({ TLS_CERT: path.join(dir, 'c.pem') }, dir, names)).rejects.toThrow(/both TLS_CERT and TLS_KEY/);
  });
});
