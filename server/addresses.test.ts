import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isLoopback, reachableOrigins } from './addresses.ts';

const iface = (address: string, internal: boolean, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  ({ address, internal, family, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;
const interfaces = {
  lo: [iface('127.0.0.1', true)],
  eth0: [iface('192.168.1.20', false), iface('fe80::1', false, 'IPv6')],
  wlan0: [iface('10.0.0.5', false)],
};

describe('reachableOrigins', () => {
  it('offers the LAN addresses when the server listens everywhere, https when it is on', () => {
    expect(reachableOrigins({ host: '0.0.0.0', port: 8080, https: false, interfaces })).toEqual({
      origins: ['http://192.168.1.20:8080', 'http://10.0.0.5:8080'],
      source: 'lan',
    });
    expect(reachableOrigins({ host: '0.0.0.0', port: 8443, https: true, interfaces }).origins[0]).toBe(
      'https://192.168.1.20:8443',
    );
  });

  it('prefers PUBLIC_URL over everything, and offers nothing from a loopback-only server', () => {
    expect(
      reachableOrigins({
        publicUrl: 'https://demo.example.org/tierlab/',
        host: '127.0.0.1',
        port: 8080,
        https: false,
        interfaces,
      }),
    ).toEqual({
      origins: ['https://demo.example.org'],
      source: 'public-url',
    });
    expect(reachableOrigins({ host: '127.0.0.1', port: 8080, https: false, interfaces })).toEqual({
      origins: [],
      source: 'none',
    });
    expect(reachableOrigins({ host: '192.168.1.20', port: 80, https: false, interfaces }).origins).toEqual([
      'http://192.168.1.20:80',
    ]);
    expect(() => reachableOrigins({ publicUrl: 'ftp://x', host: '0.0.0.0', port: 1, https: false, interfaces })).toThrow(
      /PUBLIC_URL/,
    );
  });

  it('knows loopback names', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'].every(isLoopback)).toBe(true);
    expect(['192.168.1.20', 'example.org', 'localhost.example.org'].some(isLoopback)).toBe(false);
  });
});
