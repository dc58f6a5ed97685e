import { describe, expect, it } from 'vitest';
import { clientAddress, tokenBuckets } from './rate-limit.ts';

describe('rate limiting', () => {
  it('allows a burst, then one per interval, per client', () => {
    let t = 0;
    const take = tokenBuckets({ perMinute: 60, burst: 2 }, () => t);
    expect([take('a'), take('a')]).toEqual([0, 0]);
    expect(take('a')).toBe(1);
    expect(take('b')).toBe(0);
    t = 1000;
    expect(take('a')).toBe(0);
    expect(take('a')).toBe(1);
  });

  it('trusts X-Forwarded-For only from configured proxies', () => {
    const proxies = new Set(['10.0.0.1']);
    expect(clientAddress('203.0.113.9', '1.2.3.4', proxies)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', '1.2.3.4', proxies)).toBe('1.2.3.4');
    // A forged left part cannot pick the address: the right-most untrusted hop is the client the proxy saw.
    expect(clientAddress('10.0.0.1', 'forged, 198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.1', null, proxies)).toBe('10.0.0.1');
  });
});
