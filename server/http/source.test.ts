import { describe, expect, it } from 'vitest';
import { networkPrefix, sourceOf } from './source.ts';

describe('a submission source', () => {
  it('is the network: /24 for IPv4, also IPv4-mapped, /48 for IPv6 however it is written', () => {
    expect(networkPrefix('203.0.113.7')).toBe('203.0.113.0/24');
    expect(networkPrefix('::ffff:203.0.113.200')).toBe('203.0.113.0/24');
    expect(networkPrefix('2001:db8:85a3:1:2:3:4:5')).toBe('2001:db8:85a3::/48');
    expect(networkPrefix('2001:0db8:85a3::1')).toBe('2001:db8:85a3::/48');
    expect(networkPrefix('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(networkPrefix('::1')).toBe('0:0:0::/48');
    expect(networkPrefix('unknown')).toBe('other:unknown');
  });

  it('hashes the network under the key: one network one source, another key another hash, the address not in it', () => {
    const a = sourceOf('203.0.113.7', 'k1');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(sourceOf('203.0.113.250', 'k1')).toBe(a);
    expect(sourceOf('203.0.114.7', 'k1')).not.toBe(a);
    expect(sourceOf('203.0.113.7', 'k2')).not.toBe(a);
  });
});
